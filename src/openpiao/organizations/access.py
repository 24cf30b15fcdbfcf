"""Tenancy: every page lives under /enti/<org>/ and sees only that ente's rows.

`get_membership_for` raises the same 404 for an ente that does not exist and for one the
user does not belong to, so a URL never reveals another ente's existence. Views are
wrapped by `organization_view`, which puts the ente and the membership on the request; queries
then start from `request.organization` (or `request.plan`, itself fetched inside it).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Membership, is_service_operator

# The session key that holds the codice fiscale of the SPID/CIE identity the user signed in
# with (written by the sign-in, read where a page must know the person was identified).
IDENTITY_SESSION_KEY = "identity_tax_code"


def password_login_allowed(user) -> bool:
    """A person may enter with a password unless every ente she belongs to has switched them
    off; someone in no ente (the service operator, an account still without access) may."""
    flags = list(Membership.objects.filter(user=user).values_list("organization__password_login", flat=True))
    return not flags or any(flags)


def get_membership_for(user, org_slug: str) -> Membership:
    try:
        return Membership.objects.select_related("organization").get(user=user, organization__slug=org_slug)
    except Membership.DoesNotExist:
        raise Http404("Ente non trovato.") from None


def organization_view(view=None, *, roles=None):
    """Resolve the `org` URL argument to the user's membership; optionally restrict roles."""

    def decorator(func):
        @login_required
        @wraps(func)
        def wrapper(request, org, *args, **kwargs):
            membership = get_membership_for(request.user, org)
            if roles is not None and membership.role not in roles:
                raise PermissionDenied("Il suo ruolo non consente questa operazione.")
            request.membership = membership
            request.organization = membership.organization
            # The header's ente switcher: read (one query) only by a full page that shows it.
            request.other_memberships = (
                Membership.objects.filter(user=request.user)
                .exclude(pk=membership.pk)
                .select_related("organization")
                .order_by("organization__name")
            )
            return func(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator


def operator_view(view):
    """A page of the service operator (a platform role, `is_service_operator`); 403 to anyone else."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_service_operator(request.user):
            raise PermissionDenied("Pagina riservata all'operatore del servizio.")
        return view(request, *args, **kwargs)

    return wrapper
