"""The budget catalogue (missions and programmes, d.lgs. 118/2011 all. 14) loaded from reference data."""

import pytest

from openpiao.performance.catalogue import CATALOGUE_FILE, load_missions_and_programmes, read_catalogue
from openpiao.performance.models import Mission, Programme

MISSION_CODES = [f"{n:02d}" for n in range(1, 21)] + ["50", "60", "99"]


def _file_rows(level: str) -> list[dict]:
    return [row for row in read_catalogue() if row["livello"] == level]


@pytest.mark.django_db
def test_the_catalogue_holds_every_mission():
    assert sorted(Mission.objects.values_list("code", flat=True)) == MISSION_CODES


@pytest.mark.django_db
def test_the_catalogue_holds_every_programme_of_the_file():
    loaded = dict(Programme.objects.values_list("code", "name"))
    assert loaded == {row["codice"]: row["denominazione"] for row in _file_rows("programma")}


@pytest.mark.django_db
def test_every_programme_code_starts_with_its_mission_code():
    programmes = list(Programme.objects.select_related("mission"))
    assert programmes
    for programme in programmes:
        assert len(programme.code) == 4 and programme.code.startswith(programme.mission.code)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("01", "Servizi istituzionali, generali e di gestione"),
        ("09", "Sviluppo sostenibile e tutela del territorio e dell'ambiente"),
        ("99", "Servizi per conto terzi"),
    ],
)
@pytest.mark.django_db
def test_mission_denominations(code, name):
    assert Mission.objects.get(code=code).name == name


@pytest.mark.parametrize(
    ("code", "mission", "name"),
    [
        ("0101", "01", "Organi istituzionali"),
        ("0103", "01", "Gestione economica, finanziaria, programmazione e provveditorato"),
        ("1005", "10", "Viabilità e infrastrutture stradali"),
        ("1201", "12", "Interventi per l'infanzia e i minori e per asili nido"),
        ("1203", "12", "Interventi per gli anziani"),
    ],
)
@pytest.mark.django_db
def test_programme_denominations(code, mission, name):
    programme = Programme.objects.select_related("mission").get(code=code)
    assert (programme.mission.code, programme.name) == (mission, name)


def test_every_row_says_where_it_was_read_and_how_reliable_the_source_is():
    for row in _file_rows("missione") + _file_rows("programma"):
        assert row["fonti"].strip(), row["codice"]
        assert row["completezza"] in {"ufficiale", "secondaria"}, row["codice"]


@pytest.mark.django_db
def test_reloading_is_an_upsert():
    before = (Mission.objects.count(), Programme.objects.count())
    assert load_missions_and_programmes() == before
    assert (Mission.objects.count(), Programme.objects.count()) == before


def test_a_programme_filed_under_the_wrong_mission_stops_the_load(settings, tmp_path):
    text = (settings.REFERENCE_DATA_DIR / CATALOGUE_FILE).read_text(encoding="utf-8")
    wrong = text.replace("codice_missione: '01'\n  codice: '0103'", "codice_missione: '02'\n  codice: '0103'")
    (tmp_path / CATALOGUE_FILE).write_text(wrong, "utf-8")
    settings.REFERENCE_DATA_DIR = tmp_path
    with pytest.raises(ValueError, match="il programma 0103 non appartiene alla missione 02"):
        read_catalogue()
