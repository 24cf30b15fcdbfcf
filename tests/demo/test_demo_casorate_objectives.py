"""Casorate Primo demo: valore pubblico and the objectives of Socio Educativo, Finanziario and
Segreteria, checked against the figures printed in the seed (shared/seeds/000_8dd2722f4e0beded.txt).
"""

from collections import Counter
from decimal import Decimal

import pytest

from openpiao.performance.models import Objective, StrategicObjective

MY_UNITS = ("socio-educativo", "finanziario", "segreteria")


@pytest.fixture
def objectives(casorate) -> dict[tuple[str, int], Objective]:
    rows = (
        Objective.objects.filter(plan=casorate, unit__code__in=MY_UNITS)
        .select_related("unit", "strategic_objective")
        .prefetch_related("indicators__targets", "phases", "participations__employee", "resources")
    )
    return {(o.unit.code, o.number): o for o in rows}


def test_strategic_objectives_per_mission(casorate):
    counts = Counter(StrategicObjective.objects.filter(plan=casorate).values_list("mission__code", flat=True))
    assert counts == {
        "01": 10,
        "03": 7,
        "04": 5,
        "05": 7,
        "06": 6,
        "08": 8,
        "09": 5,
        "10": 5,
        "11": 3,
        "12": 5,
        "14": 3,
        "15": 3,
        "17": 1,
    }
    assert not StrategicObjective.objects.filter(plan=casorate, programme__isnull=False).exists()


@pytest.mark.parametrize(
    "code, title, stakeholders",
    [
        ("m01-01", "Pareggio di bilancio", "cittadini, dipendenti, utenti dei servizi comunali"),
        ("m03-07", "Controllo con telecamera mobile conferimento rifiuti", "cittadini, studenti, famiglie"),
        ("m08-03", "Aggiornamento e gestione del SUE telematico", ""),
        (
            "m12-03",
            "Gestione dei servizi afferenti all'area dei minori e delle famiglie",
            "cittadini minori, adulti, disabili e anziani, associazioni no profit",
        ),
        ("m15-03", 'Gestione e implementazione "Sportello Donna"', "studenti, cittadini inoccupati, imprese"),
    ],
)
def test_strategic_objective_text(casorate, code, title, stakeholders):
    item = StrategicObjective.objects.get(plan=casorate, code=code)
    assert (item.title, item.stakeholders) == (title, stakeholders)
    assert item.order == int(code[-2:])


def test_long_bullet_keeps_full_text_in_description(casorate):
    item = StrategicObjective.objects.get(plan=casorate, code="m06-04")
    assert len(item.title) < 200
    assert 'Centro Sportivo Comunale "R. Chiodini"' in item.description


def test_objectives_per_unit_and_weights(objectives):
    assert Counter(unit for unit, _ in objectives) == {
        "socio-educativo": 4,
        "finanziario": 5,
        "segreteria": 2,
    }
    assert objectives["segreteria", 1].weight == Decimal(40)
    assert objectives["segreteria", 2].weight == Decimal(60)
    unweighted = [o for (unit, _), o in objectives.items() if unit != "segreteria"]
    assert all(o.weight is None for o in unweighted)
    assert {o.kind for o in unweighted} == {"improvement"}
    assert {objectives["segreteria", n].kind for n in (1, 2)} == {"management"}
    assert all(o.first_year == o.last_year == 2024 for o in objectives.values())


@pytest.mark.parametrize(
    "key, expected",
    [
        (
            ("socio-educativo", 1),
            [
                ("Domande complessive raccolte", "number", "172"),
                ("Domande inserite", "number", "172"),
                ("Erogazione benefici", "number", "172"),
            ],
        ),
        (
            ("socio-educativo", 2),
            [
                ("Gestione raccolta domande nuove iscrizioni", "number", "30"),
                (
                    "Posti nido disponibili per ampliamento (60 posti rispetto ai precedenti 41)",
                    "number",
                    "+ 19",
                ),
                ("Posti nido utilizzati", "number", "56"),
            ],
        ),
        (
            ("finanziario", 1),
            [
                (
                    "Rispetto tempi medi di pagamento e diminuzione stock debito",
                    "deadline",
                    "Entro il 31/12/2024",
                )
            ],
        ),
        (
            ("finanziario", 4),
            [
                (
                    "Approvazione atti TARI 2024 per recepimento obiettivi delibera Arera nr. 389 3-8-2023",
                    "text",
                    "Entro il termine di l'approvazione previsto per legge",
                ),
                (
                    "Approvazione Piano Finanziario TARI 2024 E TARIFFE",
                    "text",
                    "Entro il termine di l'approvazione previsto per legge",
                ),
            ],
        ),
        (
            ("segreteria", 2),
            [
                (
                    "Predisposizione della relazione ricognitiva dei servizi pubblici locali",
                    "deadline",
                    "31/12/2024",
                )
            ],
        ),
    ],
)
def test_indicators_and_targets_as_printed(objectives, key, expected):
    rows = [(i.description, i.kind, i.target_for(2024).value) for i in objectives[key].indicators.all()]
    assert rows == expected


def test_imu_indicators_read_across_the_garbled_table(objectives):
    indicators = list(objectives["finanziario", 5].indicators.all())
    assert [i.target_for(2024).value for i in indicators] == [
        "Entro la data di approvazione del bilancio 2024-2026",
        "Entro il 31/12/2024",
        "100",
        "100",
        "100",
        "450",
        "500",
        "25%",
        "50",
    ]
    share = indicators[7]
    assert (share.description, share.kind) == ("Percentuale di pagamenti avvisi (efficacia)", "percentage")
    assert share.target_for(2024).parsed().number == Decimal(25)


def test_every_indicator_has_a_2024_target_that_reads_as_its_kind(objectives):
    indicators = [i for o in objectives.values() for i in o.indicators.all()]
    kinds = Counter(i.kind for i in indicators)
    assert kinds == {"number": 15, "percentage": 1, "deadline": 6, "text": 5}
    for indicator in indicators:
        assert [t.year for t in indicator.targets.all()] == [2024]
        assert indicator.target_for(2024).parsed().text == indicator.target_for(2024).value


def test_nido_baseline(objectives):
    places = objectives["socio-educativo", 2].indicators.all()[1]
    assert places.baseline == "41"
    assert places.target_for(2024).parsed().number == Decimal(19)


@pytest.mark.parametrize(
    "key, months, notes",
    [
        (
            ("socio-educativo", 1),
            [[1, 2, 3], [1, 2, 3], [2, 3], [3], [4], list(range(1, 12))],
            [
                "Gennaio (buoni spesa) – febbraio (per affitto) – marzo (contributo di solidarietà)",
                "Gennaio- marzo",
                "Febbraio - marzo",
                "marzo",
                "Aprile",
                "Sino a novembre 2024",
            ],
        ),
        (("socio-educativo", 2), [[1, 2, 3, 4]], [""]),
        (
            ("socio-educativo", 3),
            [[1, 2, 3], [1, 2, 3, 4, 5, 6], [12]],
            ["Gennaio - marzo", "Gennaio – giugno", "dicembre"],
        ),
        (
            ("socio-educativo", 4),
            [[4], [5], [6], [6, 7, 8, 9], [11]],
            ["aprile 2024", "maggio 2024", "giugno", "Giugno/settembre", "Novembre"],
        ),
        (("finanziario", 2), [[4, 9], [4, 9]], ["", ""]),
        (("finanziario", 5), [list(range(1, 7)), list(range(7, 13)), list(range(7, 13))], ["", "", ""]),
        (("segreteria", 1), [], []),
    ],
)
def test_phase_months(objectives, key, months, notes):
    phases = list(objectives[key].phases.all())
    assert [p.months for p in phases] == months
    assert [p.schedule_note for p in phases] == notes


@pytest.mark.parametrize(
    "key, shares",
    [
        (("socio-educativo", 1), {"radici": 80}),
        (("socio-educativo", 2), {"radici": 100}),
        (("socio-educativo", 3), {"radici": 20}),
        (("socio-educativo", 4), {"volpe": 50, "radici": 50}),
        (("finanziario", 1), {"rovati": 50, "cervi": 50}),
        (("finanziario", 2), {"rovati": 50, "cervi": 50}),
        (("finanziario", 3), {"rovati": 50, "paganelli": 50}),
        (("finanziario", 4), {"rovati": 50, "bernardinello": 50}),
        (("finanziario", 5), {"rovati": 20, "bernardinello": 50, "frassinelli": 30}),
        (("segreteria", 1), {}),
        (("segreteria", 2), {}),
    ],
)
def test_participations(objectives, key, shares):
    found = {p.employee.key: p.percent for p in objectives[key].participations.all()}
    assert found == {k: Decimal(v) for k, v in shares.items()}


def test_resources_as_printed(objectives):
    rows = {(r.kind, r.description, r.cost) for r in objectives["socio-educativo", 1].resources.all()}
    assert rows == {
        ("external_services", "Volontari servizio civile", None),
        ("equipment", "SPID, lettore cNS per accesso alla piattaforma regionale servizi abitativi", None),
        ("indirect_costs", "cancelleria", None),
    }
    kinds = Counter(r.kind for r in objectives["socio-educativo", 4].resources.all())
    assert kinds == {"external_services": 2, "equipment": 1}
    assert not objectives["finanziario", 5].resources.exists()


def test_links_to_strategic_objectives_and_tags(objectives):
    links = {
        key: o.strategic_objective.code if o.strategic_objective else None for key, o in objectives.items()
    }
    assert links["socio-educativo", 2] == "m12-03"
    assert {links["socio-educativo", n] for n in (1, 3, 4)} == {"m12-05"}
    assert links["finanziario", 5] == "m01-04"
    assert links["segreteria", 2] is None
    imu = objectives["finanziario", 5]
    assert (imu.simplification, imu.digitalisation, imu.accessibility, imu.equal_opportunity) == (
        True,
        True,
        False,
        False,
    )
    assert objectives["segreteria", 1].tags == ["semplificazione"]
    assert all(o.remote_workable for o in objectives.values())
    assert objectives["socio-educativo", 1].reward_note == "Costo fuori orario"
