"""Sezione 3's tables take several new rows in one save: rows added and removed on the page
(htmx), all saved or none, each error on its row. Posts as the page sends them."""

from django.urls import reverse

from openpiao.core.models import AuditEvent
from openpiao.human_capital.models import PlannedHire
from tests.page_forms import add_row, page_form, remove_row


def _url(plan, table="assunzioni"):
    return reverse("human_capital:rows_create", args=[plan.organization.slug, plan.first_year, table])


def _hire(plan, profile, cost="32.000,00"):
    unit = plan.units.order_by("pk").first()
    return {
        "year": str(plan.reference_year),
        "profile": profile,
        "area": "istruttori",
        "unit": str(unit.pk),
        "modality": "competition",
        "annual_cost": cost,
    }


def _three_hires_and_one_removed(client, plan, **last):
    url = _url(plan)
    data = page_form(client.get(url), **{f"righe-0-{k}": v for k, v in _hire(plan, "Istruttore 1").items()})
    add_row(client, url, data, "righe", **_hire(plan, "Istruttore 2"))
    removed = add_row(client, url, data, "righe", **_hire(plan, "Tolto prima di salvare"))
    remove_row(data, "righe", removed)
    add_row(client, url, data, "righe", **{**_hire(plan, "Istruttore 3"), **last})
    return data


def test_three_hires_in_one_save(secretary_client, casorate):
    before = set(PlannedHire.objects.filter(plan=casorate).values_list("pk", flat=True))
    data = _three_hires_and_one_removed(secretary_client, casorate)
    assert data["righe-TOTAL_FORMS"] == "4" and data["righe-INITIAL_FORMS"] == "0"

    response = secretary_client.post(_url(casorate), data)

    assert response.status_code == 302
    added = PlannedHire.objects.filter(plan=casorate).exclude(pk__in=before).order_by("pk")
    assert [h.profile for h in added] == ["Istruttore 1", "Istruttore 2", "Istruttore 3"]
    assert {h.annual_cost for h in added} == {32000}
    events = AuditEvent.objects.filter(object_type="plannedhire", object_id__in=[str(h.pk) for h in added])
    assert events.count() == 3


def test_an_error_stays_on_its_row_and_nothing_is_saved(secretary_client, casorate):
    count = PlannedHire.objects.count()
    data = _three_hires_and_one_removed(secretary_client, casorate, year="2030")

    response = secretary_client.post(_url(casorate), data)

    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert [list(f.errors) for f in forms] == [[], [], [], ["year"]]
    assert PlannedHire.objects.count() == count
    assert response.content.decode().count("data-formset-row hidden") == 1  # the removed row


def test_a_row_refused_by_the_models_rules_saves_no_other(secretary_client, casorate):
    """A rule that the service checks (the model's clean): the rows before it are undone too."""
    count = PlannedHire.objects.count()
    data = _three_hires_and_one_removed(secretary_client, casorate, part_time_pct="0")
    response = secretary_client.post(_url(casorate), data)
    assert response.status_code == 200
    assert response.context["formset"].forms[3].errors
    assert PlannedHire.objects.count() == count


def test_nothing_typed_saves_nothing_and_says_so(secretary_client, casorate):
    count = PlannedHire.objects.count()
    response = secretary_client.post(_url(casorate), page_form(secretary_client.get(_url(casorate))))
    assert response.status_code == 200 and "Nessuna riga compilata" in response.content.decode()
    assert PlannedHire.objects.count() == count


def test_the_pola_indicators_keep_their_own_page(secretary_client, casorate):
    assert secretary_client.get(_url(casorate, "indicatori-pola")).status_code == 404
    assert secretary_client.get(_url(casorate), {"tabella": "righe", "riga": "x"}).status_code == 400
