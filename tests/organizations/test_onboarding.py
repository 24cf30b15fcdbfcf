"""The service operator creates an ente from the ISTAT list of comuni (or one not in it) and
invites its first administrator; it is not a member of any ente's data."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from openpiao.core.models import Action, AuditEvent
from openpiao.organizations.comuni import find_comune, search_comuni
from openpiao.organizations.models import OPERATE_SERVICE, Invitation, Organization, is_service_operator
from openpiao.organizations.services import free_slug
from tests.page_forms import page_form


@pytest.fixture
def operator(db):
    user = get_user_model().objects.create_user(username="op", password="x-test-password-1")
    user.user_permissions.add(Permission.objects.get(codename=OPERATE_SERVICE))
    return get_user_model().objects.get(pk=user.pk)  # without the permission cache


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Casorate P", "018034"),  # Casorate Primo (PV)
        ("casorate primo", "018034"),  # any case
        ("orate pri", "018034"),  # inside the name
        ("aglie", "001001"),  # Agliè, without its accent
        ("albiano d'ivrea", "001004"),
        ("018034", "018034"),  # an ISTAT code
        ("B988", "018034"),  # a codice catastale
    ],
)
def test_the_istat_list_is_searched_as_people_type(query, first):
    assert search_comuni(query)[0].istat_code == first


def test_the_istat_list_holds_every_comune_with_its_census_population():
    casorate = find_comune("018034")
    assert (casorate.name, casorate.province, casorate.cadastral_code, casorate.census_population) == (
        "Casorate Primo",
        "PV",
        "B988",
        8480,  # 2011 census; the demo's figure at 31/12/2023 is 9128
    )
    assert search_comuni("x") == [] and search_comuni("zzzzzz") == []


def test_the_picker_answers_htmx_with_links_that_prefill_the_form(operator_client):
    response = operator_client.get(reverse("organizations:comuni"), {"q": "Casorate"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Casorate Primo (PV)" in html and "Casorate Sempione (VA)" in html
    assert "?comune=018034" in html and "ISTAT, licenza CC BY 3.0 IT" in html
    assert "<html" not in html  # a fragment for htmx


def test_operator_creates_an_ente_from_the_list_and_invites_its_administrator(operator_client, operator):
    url = reverse("organizations:operator_create")
    page = operator_client.get(url, {"comune": "018034"})
    html = page.content.decode()
    assert "censimento 2011 era di 8.480 abitanti" in html and "licenza CC BY 3.0 IT" in html
    data = page_form(page, inhabitants="9128", employees="31", admin_email="Sindaco@Casorate.example.it")
    assert (data["name"], data["istat_code"], data["province"], data["cadastral_code"]) == (
        "Comune di Casorate Primo",
        "018034",
        "PV",
        "B988",
    )
    response = operator_client.post(url, data)
    assert response.status_code == 302
    organization = Organization.objects.get(slug="casorate-primo-2")  # the demo's is casorate-primo
    assert (organization.name, organization.cadastral_code, organization.istat_code) == (
        "Comune di Casorate Primo",
        "B988",
        "018034",
    )
    figures = organization.figures.get()
    assert (figures.inhabitants, figures.employees, figures.simplified_regime) == (9128, 31, True)
    invitation = Invitation.objects.get(organization=organization)
    assert (invitation.email, invitation.role) == ("sindaco@casorate.example.it", "admin")
    [message] = mail.outbox
    assert message.to == ["sindaco@casorate.example.it"] and "Comune di Casorate Primo" in message.subject
    assert re.search(r"http://testserver/invito/[\w-]{40,}/", message.body)
    actions = set(AuditEvent.objects.filter(organization=organization).values_list("action", flat=True))
    assert actions == {Action.ORGANIZATION_CREATED, Action.INVITATION_SENT}
    # The operator did not become a member of it.
    assert not organization.memberships.exists()
    assert operator_client.get(reverse("organizations:home", args=[organization.slug])).status_code == 404


def test_an_ente_not_in_the_list_is_created_by_hand(operator_client):
    page = operator_client.get(reverse("organizations:operator_create"))
    data = page_form(
        page,
        name="Unione dei Comuni della Valle di Prova",
        province="PV",
        inhabitants="12000",
        employees="64",
        admin_email="segreteria@unione.example.it",
    )
    assert operator_client.post(reverse("organizations:operator_create"), data).status_code == 302
    organization = Organization.objects.get(name="Unione dei Comuni della Valle di Prova")
    assert organization.istat_code == "" and organization.slug == "unione-dei-comuni-della-valle-di-prova"
    assert organization.figures.get().simplified_regime is False


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"inhabitants": ""}, "inhabitants", "Questo campo è obbligatorio"),
        ({"employees": "200", "inhabitants": "100"}, "employees", "più degli abitanti"),
        ({"cadastral_code": "b98"}, "cadastral_code", "lettera maiuscola seguita da 3 cifre"),
        ({"istat_code": "18034"}, "istat_code", "6 cifre"),
        ({"admin_email": "non-una-mail"}, "admin_email", "indirizzo email valido"),
        ({"year": "2099"}, "year", "non sono ancora noti"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(
    operator_client, changes, field, message
):
    url = reverse("organizations:operator_create")
    page = operator_client.get(url, {"comune": "018034"})
    data = page_form(page, **{"inhabitants": "9128", "employees": "31", "admin_email": "a@b.it", **changes})
    before = Organization.objects.count()
    response = operator_client.post(url, data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Organization.objects.count() == before and not Invitation.objects.exists() and not mail.outbox


def test_only_the_operator_opens_the_operator_area(client, casorate, make_member, operator):
    pages = [
        reverse("organizations:operator"),
        reverse("organizations:operator_create"),
        reverse("organizations:comuni"),
        reverse("organizations:operator_invite", args=["casorate-primo"]),
    ]
    client.force_login(make_member(casorate.organization, "admin"))
    assert [client.get(url).status_code for url in pages] == [403] * 4
    assert client.post(pages[1], {}).status_code == 403
    client.force_login(operator)
    assert [client.get(url).status_code for url in pages] == [200] * 4
    assert is_service_operator(operator)


def test_the_operator_sees_every_ente_and_its_administrators_but_none_of_their_data(
    operator_client, casorate, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        html = operator_client.get(reverse("organizations:operator")).content.decode()
    assert "Comune di Casorate Primo" in html and "Comune di Albizzate" in html
    assert (
        "Area dell'operatore del servizio"
        in operator_client.get(reverse("organizations:list")).content.decode()
    )
    for name, args in [
        ("organizations:home", ["casorate-primo"]),
        ("plans:detail", ["casorate-primo", 2024]),
        ("organizations:members", ["casorate-primo"]),
    ]:
        assert operator_client.get(reverse(name, args=args)).status_code == 404


def test_the_operator_invites_another_administrator_of_an_existing_ente(operator_client, casorate):
    url = reverse("organizations:operator_invite", args=["albizzate"])
    response = operator_client.post(
        url, page_form(operator_client.get(url), email="nuovo.admin@albizzate.example.it")
    )
    assert response.status_code == 302
    assert Invitation.objects.get(email="nuovo.admin@albizzate.example.it").role == "admin"
    assert len(mail.outbox) == 1


def test_a_free_address_for_each_new_ente(db):
    assert free_slug(name="Comune di Prova") == "prova"
    assert free_slug(name="Comune di Casorate Primo") == "casorate-primo-2"
