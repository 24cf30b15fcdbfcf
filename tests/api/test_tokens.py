"""«Chiavi API»: a member creates and revokes its own tokens; only a hash is stored; the role is
at most the member's; expired, revoked or orphaned tokens stop working."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from openpiao.api.models import ApiToken
from openpiao.api.tokens import digest
from openpiao.core.models import Action, AuditEvent
from openpiao.organizations.models import Membership
from tests.api.conftest import bearer
from tests.page_forms import page_form

LIST = "/api/v1/enti/casorate-primo/piani/2024/obiettivi"


def test_a_member_creates_a_token_sees_it_once_and_uses_it(client, casorate, make_member):
    user = make_member(casorate.organization, "unit_head", username="resp")
    client.force_login(user)
    url = reverse("api_tokens:list", args=["casorate-primo"])
    page = client.get(url)
    assert page.status_code == 200 and "Nuova chiave" in page.content.decode()
    created = client.post(url, page_form(page, name="Gestionale", role="unit_head", days="30"))
    html = created.content.decode()
    assert "Chiave creata" in html and "non sarà più mostrata" in html
    secret = html.split('<code id="nuova-chiave">')[1].split("</code>")[0]
    token = ApiToken.objects.get(user=user)
    assert token.digest == digest(secret) and secret not in str(ApiToken.objects.values().get())
    assert (
        token.role == "unit_head" and token.expires_at.date() == (timezone.now() + timedelta(days=30)).date()
    )
    assert secret not in client.get(url).content.decode()  # never shown again
    assert AuditEvent.objects.filter(action=Action.API_TOKEN_CREATED, user=user).count() == 1

    assert client.get(LIST, **bearer(secret)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    client.post(reverse("api_tokens:revoke", args=["casorate-primo", token.pk]))
    assert client.get(LIST, **bearer(secret)).status_code == 401
    assert AuditEvent.objects.filter(action=Action.API_TOKEN_REVOKED, user=user).count() == 1


def test_the_role_of_a_token_is_at_most_the_members(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "reader", username="lettore-prova"))
    url = reverse("api_tokens:list", args=["casorate-primo"])
    page = client.get(url)
    response = client.post(url, page_form(page, name="Troppo", role="admin", days="30"))
    assert "opzione valida" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_member_cannot_revoke_anothers_token(client, casorate, make_member, token_for):
    token_for(casorate.organization, "secretary")
    other = ApiToken.objects.get()
    client.force_login(make_member(casorate.organization, "admin", username="altro-admin"))
    response = client.post(reverse("api_tokens:revoke", args=["casorate-primo", other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_an_expired_token_stops_working(client, casorate, token_for):
    secret = token_for(casorate.organization, "secretary")
    assert client.get(LIST, **bearer(secret)).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(LIST, **bearer(secret)).status_code == 401


def test_a_member_who_leaves_the_ente_loses_its_tokens(client, casorate, token_for):
    secret = token_for(casorate.organization, "secretary")
    Membership.objects.filter(user__api_tokens__isnull=False).delete()
    assert client.get(LIST, **bearer(secret)).status_code == 401


def test_a_member_whose_role_is_lowered_loses_the_higher_token(client, casorate, token_for):
    secret = token_for(casorate.organization, "secretary")
    Membership.objects.filter(user__api_tokens__isnull=False).update(role="reader")
    assert client.get(LIST, **bearer(secret)).status_code == 401
