from .identity import signin_methods as _methods


def signin_methods(request) -> dict:
    """The SPID/CIE buttons the pages may offer (none when the identity proxy is not configured)."""
    return {"signin_methods": _methods()}
