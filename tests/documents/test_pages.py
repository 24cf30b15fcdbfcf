"""Pages of Documento e pubblicazione: what each role may do, the files they serve."""

import pytest
from django.urls import reverse

from openpiao.documents.models import SectionText
from openpiao.documents.services import adopt_plan
from openpiao.performance.models import Objective


def url(name, plan, *args):
    return reverse(f"documents:{name}", args=[plan.organization.slug, plan.first_year, *args])


READ_ONLY = ["index", "readiness", "texts"]


@pytest.mark.parametrize("role", ["reader", "evaluator", "unit_head", "secretary", "admin"])
def test_every_member_reads_and_prints(client, casorate, make_member, role):
    client.force_login(make_member(casorate.organization, role))
    for name in READ_ONLY:
        assert client.get(url(name, casorate)).status_code == 200, name
    response = client.get(url("print", casorate, "docx") + "?sezione=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-sezione-1.docx"')
    objective = Objective.objects.filter(plan=casorate).first()
    response = client.get(url("print_objective", casorate, objective.pk, "docx"))
    assert response.status_code == 200 and response.content.startswith(b"PK")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("reader", False), ("unit_head", False), ("evaluator", False), ("secretary", True), ("admin", True)],
)
def test_only_plan_editors_write(client, casorate, make_member, role, allowed):
    client.force_login(make_member(casorate.organization, role))
    expected = 302 if allowed else 403
    response = client.post(
        url("text", casorate, "4"), {"body": "Il valore pubblico.", "expected_version": ""}
    )
    assert response.status_code == expected
    assert SectionText.objects.filter(plan=casorate, section="4").exists() is allowed
    assert client.get(url("adopt", casorate)).status_code == (200 if allowed else 403)
    for name in ("reopen", "publish"):
        assert client.post(url(name, casorate), {}).status_code == (302 if allowed else 403)


def test_unknown_section_and_format_are_not_found(secretary_client, casorate):
    assert secretary_client.get(url("print", casorate, "odt")).status_code == 404
    assert secretary_client.get(url("print", casorate, "pdf") + "?sezione=9").status_code == 404
    assert secretary_client.get(url("text", casorate, "9.9")).status_code == 404
    assert secretary_client.get(url("version_file", casorate, 1, "pdf")).status_code == 404


def test_section_text_is_printed_and_escaped(secretary_client, casorate):
    body = "### Contesto\nIl comune conta **9.128** abitanti.\n\n- <b>non markup</b>"
    secretary_client.post(url("text", casorate, "4"), {"body": body, "expected_version": ""})
    page = secretary_client.get(url("text", casorate, "4")).content.decode()
    assert "<strong>9.128</strong>" in page and "&lt;b&gt;non markup&lt;/b&gt;" in page
    from openpiao.documents.builder import build_document

    text = build_document(casorate, section="4").text()
    assert "Il comune conta 9.128 abitanti." in text and "<b>non markup</b>" in text


def test_stale_text_edit_saves_nothing(secretary_client, casorate, make_member):
    SectionText.objects.create(plan=casorate, section="4", body="v1")
    response = secretary_client.post(url("text", casorate, "4"), {"body": "v2", "expected_version": "0"})
    assert "Qualcun altro ha modificato" in response.content.decode()
    assert SectionText.objects.get(plan=casorate, section="4").body == "v1"


def test_publication_package_downloads_the_frozen_files(client, clean_plan, own_checks_only, make_member):
    user = make_member(clean_plan.organization, "reader")
    version = adopt_plan(
        plan=clean_plan,
        resolution_number="7",
        resolution_date=__import__("datetime").date(2025, 1, 28),
        expected_version=clean_plan.version,
        user=None,
    )
    client.force_login(user)
    page = client.get(url("index", clean_plan)).content.decode()
    assert version.pdf_sha256 in page and "https://piao.dfp.gov.it" in page
    for fmt, start in (("pdf", b"%PDF"), ("docx", b"PK"), ("json", b"{")):
        response = client.get(url("version_file", clean_plan, 1, fmt))
        assert response.status_code == 200 and response.content.startswith(start), fmt


def test_index_queries_do_not_grow_with_versions(
    client, clean_plan, own_checks_only, make_member, django_assert_max_num_queries
):
    from datetime import date

    from openpiao.documents.services import reopen_plan
    from openpiao.plans.models import Plan

    client.force_login(make_member(clean_plan.organization, "secretary"))
    plan = clean_plan
    for number in range(3):
        adopt_plan(
            plan=plan,
            resolution_number=str(number),
            resolution_date=date(2025, 1, 28),
            expected_version=plan.version,
            user=None,
        )
        plan = Plan.objects.get(pk=plan.pk)
        plan = reopen_plan(plan=plan, reason="modifica", expected_version=plan.version, user=None)
    with django_assert_max_num_queries(8):
        assert client.get(url("index", plan)).status_code == 200


def test_texts_page_names_the_threshold_of_the_simplified_regime(secretary_client, casorate):
    from openpiao.organizations.models import SIMPLIFIED_REGIME_EMPLOYEE_LIMIT

    page = secretary_client.get(url("texts", casorate)).content.decode()
    assert f"No (meno di {SIMPLIFIED_REGIME_EMPLOYEE_LIMIT} dipendenti)" in page  # 2.1 and 4 for Casorate


def test_a_text_edited_later_shows_the_day_of_the_edit(secretary_client, casorate):
    """The edit saves through core.locking, which must move updated_at as save() would."""
    from datetime import datetime

    from django.utils import timezone

    from tests.page_forms import page_form

    written = timezone.make_aware(datetime(2024, 1, 10, 9, 0))
    text = SectionText.objects.create(
        organization=casorate.organization, plan=casorate, section="4", body="v1"
    )
    SectionText.objects.filter(pk=text.pk).update(updated_at=written)
    assert "aggiornato il 10/01/2024" in secretary_client.get(url("texts", casorate)).content.decode()
    edit = url("text", casorate, "4")
    response = secretary_client.post(edit, page_form(secretary_client.get(edit), body="Il valore pubblico."))
    assert response.status_code == 302
    text.refresh_from_db()
    assert text.body == "Il valore pubblico." and text.updated_at > written
    page = secretary_client.get(url("texts", casorate)).content.decode()
    assert "aggiornato il 10/01/2024" not in page
    assert f"aggiornato il {timezone.localdate():%d/%m/%Y}" in page
