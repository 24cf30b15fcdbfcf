"""The secret of a personal API token and the roles a token may carry (no Django import)."""

import hashlib
import secrets

from openpiao.organizations.models import Role

TOKEN_MARK = "opiao_"
PREFIX_LENGTH = len(TOKEN_MARK) + 6
# How long a token may live, in days: the choices of the page (the shortest first).
LIFETIMES = (30, 90, 180, 365)


def new_secret() -> str:
    """A new token: 256 random bits, with a mark that makes it recognisable in a leaked file."""
    return TOKEN_MARK + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def roles_for(membership_role: str) -> list[str]:
    """The roles a token of this member may carry: its own, or read only (never more)."""
    return [membership_role] if membership_role == Role.READER else [membership_role, Role.READER]
