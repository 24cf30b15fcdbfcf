"""The centro's list names an objective as the plan's list does (Objective.list_title); its scheda
keeps the descrizione sintetica; the name travels with the plan's document."""

from openpiao.core.exchange import Audience
from openpiao.documents.builder import build_document
from openpiao.performance.models import Objective
from openpiao.plans.json_document import export_plan


def _tassa(plan) -> Objective:
    return Objective.objects.get(plan=plan, unit__code="finanziario", number=4)


def test_the_centro_list_prints_the_list_title_and_the_scheda_the_title(casorate):
    assert _tassa(casorate).list_title == "Tassa Rifiuti 2024"
    text = build_document(casorate).text()
    assert "4 | Tassa Rifiuti 2024 | Di miglioramento" in text
    assert "4. Obiettivo di miglioramento 2024 - Tassa rifiuti anno 2024" in text
    assert "Obiettivo: descrizione sintetica | Tassa rifiuti anno 2024" in text


def test_without_a_list_title_the_list_prints_the_descrizione_sintetica(casorate):
    Objective.objects.filter(pk=_tassa(casorate).pk).update(list_title="")
    text = build_document(casorate).text()
    assert "4 | Tassa rifiuti anno 2024 | Di miglioramento" in text
    assert "Tassa Rifiuti 2024" not in text


def test_the_plan_document_carries_the_list_title(casorate):
    objectives = export_plan(casorate, audience=Audience.BACKUP)["objectives"]
    tassa = next(o for o in objectives if o["unit"] == "finanziario" and o["number"] == 4)
    assert tassa["list_title"] == "Tassa Rifiuti 2024" and tassa["title"] == "Tassa rifiuti anno 2024"
    assert all("list_title" in o for o in objectives)
