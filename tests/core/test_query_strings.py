"""Numbers read from query strings (and hidden fields): anything but plain digits within a
database integer is ignored, never a server error (`str.isdigit()` accepts «²»)."""

import pytest

from openpiao.core.params import BIGINT_MAX, parse_int
from openpiao.organizations.tax_codes import is_valid_codice_fiscale, is_valid_partita_iva
from openpiao.plans.access import plan_url
from tests.page_forms import page_form

# What a hand-edited address may carry: none of these is an id.
BAD = [
    "²",
    "¹²",
    "١٢",
    "-1",
    "+1",
    "1e3",
    "1.0",
    "1_000",
    " 7",
    "7\n",
    "abc",
    "",
    "0",
    "99999999999999999999",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("0042", 42),
        (str(BIGINT_MAX), BIGINT_MAX),
        (str(BIGINT_MAX + 1), None),
        ("99999999999999999999", None),
        ("0", None),
        ("-1", None),
        ("²", None),
        ("١٢", None),
        ("1e3", None),
        ("1_000", None),
        ("12\n", None),
        (" 12", None),
        ("abc", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_int_reads_plain_digits_within_a_bigint(text, expected):
    assert parse_int(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("1", 1), ("13", 13), ("14", None), ("0", None)])
def test_parse_int_keeps_its_bounds(text, expected):
    assert parse_int(text, minimum=1, maximum=13) == expected


@pytest.mark.parametrize("value", BAD)
def test_transparency_map_ignores_a_bad_unit(secretary_client, casorate, value):
    response = secretary_client.get(plan_url(casorate, "transparency:map"), {"unita": value})
    assert response.status_code == 200
    assert response.context["unit_filter"] is None
    assert "selected" not in response.content.decode().split('id="unita"')[1].split("</select>")[0]


def test_transparency_map_filters_by_a_good_unit(secretary_client, casorate):
    unit = casorate.units.first()
    response = secretary_client.get(plan_url(casorate, "transparency:map"), {"unita": str(unit.pk)})
    assert response.context["unit_filter"] == unit.pk


@pytest.mark.parametrize("value", BAD)
def test_new_measure_ignores_a_bad_process(secretary_client, casorate, value):
    response = secretary_client.get(plan_url(casorate, "risk:measure_create"), {"processo": value})
    assert response.status_code == 200
    assert response.context["form"].initial == {}


def test_new_measure_starts_from_a_good_process(secretary_client, casorate):
    process = casorate.risk_processes.first()
    response = secretary_client.get(plan_url(casorate, "risk:measure_create"), {"processo": str(process.pk)})
    assert response.context["form"].initial == {"process": process.pk, "kind": "specific"}


@pytest.mark.parametrize("value", [*BAD, "14"])
def test_monitoring_ignores_a_bad_month(secretary_client, casorate, value):
    response = secretary_client.get(plan_url(casorate, "evaluation:dashboard"), {"mese": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["²", "-1", "1e3", "abc", "99999999999999999999"])
def test_accounts_page_survives_a_garbled_hidden_initial(secretary_client, casorate, value):
    """The page posts back the user it showed for each employee (a hidden field): a garbled
    value is «nobody», not a server error."""
    url = plan_url(casorate, "evaluation:accounts")
    data = page_form(secretary_client.get(url))
    hidden = next(name for name in data if name.startswith("initial-e"))
    data[hidden] = value
    response = secretary_client.post(url, data)
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("value", ["²²²²²²²²²²²", "١٢٣٤٥٦٧٨٩٠١"])
def test_tax_codes_with_other_digits_are_invalid_not_an_error(value):
    assert not is_valid_partita_iva(value)
    assert not is_valid_codice_fiscale(value)


def test_ente_form_refuses_a_tax_code_of_superscripts(secretary_client, casorate):
    url = f"/enti/{casorate.organization.slug}/anagrafica/"
    response = secretary_client.post(url, page_form(secretary_client.get(url), tax_code="²²²²²²²²²²²"))
    assert response.status_code == 200
    assert "Codice fiscale non valido" in response.content.decode()
