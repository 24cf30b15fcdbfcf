import pytest
from django.core.cache import cache

from openpiao.api.services import create_token
from openpiao.organizations.models import Membership


@pytest.fixture(autouse=True)
def generous_rate_limit(settings):
    """The sweeps make hundreds of calls with one token; the rate limit has its own test."""
    settings.API_RATE_LIMIT = "100000/min"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token_for(make_member):
    """A token (the secret) of a new member of `organization` with `role`."""

    def make(organization, role, *, token_role=None, username=None):
        user = make_member(organization, role, username=username or f"api-{role}-{organization.slug}")
        membership = Membership.objects.get(user=user, organization=organization)
        _, secret = create_token(
            membership=membership, name="prova", role=token_role or role, days=30, user=user
        )
        return secret

    return make


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
