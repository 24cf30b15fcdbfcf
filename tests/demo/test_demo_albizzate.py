"""The Albizzate demo says what its Piano della performance 2023 says.

Every figure below is printed in shared/seeds/003_9c2b320bb1442e1c.txt: the organigramma
("5 Aree di cui l'Area Tecnica divisa in 2 Settori"), the staff (18 at the approval, 4
part-time; 15 at 31/12/2022, 3 part-time, 5 men and 10 women) and the 25 objective blocks with
their targets as written.
"""

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from openpiao.organization_chart.tree import flatten, unit_tree
from openpiao.performance.models import Objective

END_2022 = date(2022, 12, 31)

# (code, depth, kind) depth-first, as the organigramma page shows them.
UNIT_TREE = [
    ("area-amministrativa", 0, "area"),
    ("segreteria", 1, "office"),
    ("servizi-demografici", 1, "office"),
    ("biblioteca", 1, "office"),
    ("area-economico-finanziaria", 0, "area"),
    ("area-polizia-locale-tributi", 0, "area"),
    ("ufficio-polizia-locale", 1, "office"),
    ("ufficio-tributi", 1, "office"),
    ("area-socio-assistenziale", 0, "area"),
    ("area-tecnica", 0, "area"),
    ("settore-lavori-pubblici", 1, "sector"),
    ("settore-urbanistica", 1, "sector"),
]

# "Ampiezza delle unità organizzative … alla data di approvazione del presente Piano".
STAFF_AT_APPROVAL = {
    "area-amministrativa": 5,
    "area-economico-finanziaria": 2,
    "area-polizia-locale-tributi": 5,
    "area-socio-assistenziale": 3,
    "settore-lavori-pubblici": 1,
    "settore-urbanistica": 2,
}

# Objective blocks per area, in the seed's order: 3 + 5 + 7 + 9 + 1.
OBJECTIVES_PER_AREA = {
    "area-economico-finanziaria": 3,
    "area-polizia-locale-tributi": 5,
    "area-tecnica": 7,
    "area-amministrativa": 9,
    "area-socio-assistenziale": 1,
}

# (unit, number, year, indicator kind, TARGET verbatim, deadline or number it reads as)
TARGETS = [
    ("area-economico-finanziaria", 1, 2023, "deadline", "Entro 31/12/2023", date(2023, 12, 31)),
    ("area-economico-finanziaria", 2, 2023, "deadline", "Entro 31/12/2023", date(2023, 12, 31)),
    ("area-economico-finanziaria", 3, 2023, "deadline", "Entro 31/12/2023", date(2023, 12, 31)),
    ("ufficio-tributi", 1, 2023, "percentage", "100% evasione 2018", Decimal(100)),
    ("ufficio-tributi", 2, 2023, "percentage", "100% istanze pervenute", Decimal(100)),
    ("ufficio-polizia-locale", 1, 2023, "number", "08 rilevazioni velocità", Decimal(8)),
    (
        "ufficio-polizia-locale",
        2,
        2023,
        "percentage",
        "20% sanzione comportamenti illeciti rispetto alla media degli ultimi 3 anni",
        Decimal(20),
    ),
    ("ufficio-polizia-locale", 3, 2023, "percentage", "100% rispetto al numero attuale", Decimal(100)),
    ("settore-lavori-pubblici", 1, 2023, "deadline", "31.12.2023", date(2023, 12, 31)),
    ("settore-lavori-pubblici", 2, 2023, "deadline", "31.12.2023", date(2023, 12, 31)),
    ("settore-lavori-pubblici", 3, 2023, "deadline", "31.12.2023", date(2023, 12, 31)),
    ("settore-lavori-pubblici", 4, 2023, "deadline", "31.12.2023", date(2023, 12, 31)),
    ("settore-urbanistica", 1, 2023, "deadline", "31.12.2023", date(2023, 12, 31)),
    ("settore-urbanistica", 2, 2023, "deadline", "31.12.2023", date(2023, 12, 31)),
    ("settore-urbanistica", 3, 2023, "deadline", "31.12.2023", date(2023, 12, 31)),
    ("biblioteca", 1, 2023, "deadline", "Settembre 2023", date(2023, 9, 30)),
    ("biblioteca", 2, 2023, "deadline", "Settembre 2023", date(2023, 9, 30)),
    ("segreteria", 1, 2023, "text", "Svolgimento adempimenti fino alla chiusura del Consorzio", None),
    ("segreteria", 2, 2023, "deadline", "30.06.2023", date(2023, 6, 30)),
    ("segreteria", 3, 2023, "text", "Entro l'inizio del nuovo anno scolastico", None),
    (
        "segreteria",
        4,
        2023,
        "text",
        "Svolgimento adempimenti entro i termini di rispettiva scadenza/aggiornamento dati richiesti",
        None,
    ),
    ("servizi-demografici", 1, 2024, "deadline", "31.12.2024", date(2024, 12, 31)),
    ("servizi-demografici", 2, 2023, "deadline", "30.11.2023", date(2023, 11, 30)),
    ("servizi-demografici", 3, 2023, "percentage", "100%", Decimal(100)),
    ("area-socio-assistenziale", 1, 2023, "deadline", "Dicembre 2023", date(2023, 12, 31)),
]


def _area_of(unit):
    while unit.parent_id:
        unit = unit.parent
    return unit.code


def test_units_form_the_organigramma(albizzate):
    units = list(albizzate.units.select_related("parent").order_by("order", "name"))
    rows = [(n.unit.code, n.depth, n.unit.kind) for n in flatten(unit_tree(units))]
    assert rows == UNIT_TREE


def test_heads_are_the_segretario_and_the_eq_holders(albizzate):
    heads = {u.code: (u.head.key if u.head_id else None, u.head_label) for u in albizzate.units.all()}
    for code in ("area-amministrativa", "area-economico-finanziaria", "area-socio-assistenziale"):
        assert heads[code] == (None, "Segretario comunale")
    eq_heads = {
        code: albizzate.employees.get(key=heads[code][0])
        for code in ("area-polizia-locale-tributi", "settore-lavori-pubblici", "settore-urbanistica")
    }
    assert all(e.is_eq_holder and e.area == "funzionari_eq" for e in eq_heads.values())
    assert {e.unit.code for e in eq_heads.values()} == set(eq_heads)
    assert set(albizzate.employees.filter(is_eq_holder=True)) == set(eq_heads.values())


def test_staff_at_the_approval_by_unit(albizzate):
    employees = list(albizzate.employees.select_related("unit__parent"))
    assert len(employees) == 18
    assert sum(e.is_part_time for e in employees) == 4
    by_unit = Counter(e.unit.code if e.unit.kind == "sector" else _area_of(e.unit) for e in employees)
    assert by_unit == STAFF_AT_APPROVAL
    assert all(not e.last_name and not e.first_name for e in employees)


def test_staff_at_end_of_2022_matches_the_seed(albizzate):
    employees = list(albizzate.employees.all())
    in_service = [e for e in employees if e.in_service_on(END_2022)]
    assert len(in_service) == 15
    assert Counter(e.gender for e in in_service) == {"M": 5, "F": 10}
    assert sum(e.is_part_time for e in in_service) == 3
    assert albizzate.organization.figures.get(year=2022).employees == len(in_service)
    hired_2023 = [e for e in employees if e.start_date.year == 2023]
    assert len(hired_2023) == 3
    assert sum(e.is_part_time for e in hired_2023) == 1


def test_objectives_per_area(albizzate):
    objectives = list(albizzate.objectives.select_related("unit__parent"))
    assert Counter(_area_of(o.unit) for o in objectives) == OBJECTIVES_PER_AREA
    # The seed names no kind: nothing is invented, its own label is kept.
    assert {o.kind for o in objectives} == {""}
    labels = Counter(o.kind_name for o in objectives)
    assert labels == {"Obiettivo esecutivo": 18, "": 7}
    assert all(o.weight is None for o in objectives)


def test_the_plan_is_a_piano_della_performance(albizzate):
    assert (albizzate.kind, albizzate.display_title) == (
        "performance",
        "Piano della performance e Piano degli obiettivi 2023",
    )


@pytest.mark.parametrize(("unit", "number", "year", "kind", "text", "expected"), TARGETS)
def test_every_target_as_written_and_as_read(albizzate, unit, number, year, kind, text, expected):
    objective = albizzate.objectives.get(unit__code=unit, number=number)
    (indicator,) = objective.indicators.all()
    (target,) = indicator.targets.all()
    assert (indicator.kind, target.year, target.value) == (kind, year, text)
    parsed = target.parsed()
    if kind == "deadline":
        assert parsed.deadline == expected
    elif kind in ("number", "percentage"):
        assert parsed.number == expected
    else:
        assert parsed.text == text


def test_every_block_of_the_seed_is_an_objective(albizzate):
    assert albizzate.objectives.count() == len(TARGETS) == 25
    spanning = albizzate.objectives.exclude(first_year=2023, last_year=2023)
    assert [(o.unit.code, o.number, o.first_year, o.last_year) for o in spanning] == [
        ("servizi-demografici", 1, 2023, 2024)
    ]


# OBIETTIVO of each block, in the seed's order, numbered within its unit.
TITLES = [
    ("area-economico-finanziaria", 1, "Predisposizione Regolamento di Contabilità aggiornato"),
    ("area-economico-finanziaria", 2, "Bilancio preventivo anno 2024"),
    (
        "area-economico-finanziaria",
        3,
        "Monitoraggio costante del prospetto Disponibilità Liquide Mensili SIOPE inoltrato dal "
        "Tesoriere alla Banca d'Italia tramite piattaforma SIOPE+",
    ),
    ("ufficio-tributi", 1, "RECUPERO FISCALE"),
    ("ufficio-tributi", 2, "TARI"),
    ("ufficio-polizia-locale", 1, "ATTIVAZIONE E GESTIONE PROGETTO STRADE SICURE"),
    ("ufficio-polizia-locale", 2, "CONTRASTO ALL'ABBANDONO RIFIUTI SUL TERRITORIO COMUNALE"),
    ("ufficio-polizia-locale", 3, "IMPLEMENTAZIONE MATERIALE E INFORMAZIONI SUL SITO ISTITUZIONALE"),
    ("settore-lavori-pubblici", 1, "GESTIONE BENI DEMANIALI E PATRIMONIALI"),
    ("settore-lavori-pubblici", 2, "VIABILITÀ E INFRASTRUTTURE STRADALI"),
    ("settore-lavori-pubblici", 3, "VIABILITÀ E INFRASTRUTTURE STRADALI"),
    ("settore-lavori-pubblici", 4, "CIMITERO COMUNALE"),
    ("settore-urbanistica", 1, "DIGITALIZZAZIONE (FONDI PNRR)"),
    ("settore-urbanistica", 2, "DIGITALIZZAZIONE (FONDI PNRR)"),
    ("settore-urbanistica", 3, "PROTEZIONE CIVILE"),
    ("biblioteca", 1, "SPERIMENTAZIONE INCONTRI"),
    ("biblioteca", 2, "GIOCALIBRO"),
    ("segreteria", 1, "CONSORZIO SERVIZI SOCIALI"),
    ("segreteria", 2, "ANTICORRUZIONE - PIAO"),
    ("segreteria", 3, "APPALTO SERVIZI SCOLASTICI IN SCADENZA"),
    ("segreteria", 4, "AMMINISTRAZIONE TRASPARENTE-SEZ. BANDI DI GARA E CONTRATTI"),
    ("servizi-demografici", 1, "INFORMATIZZAZIONE REGISTRI DI STATO CIVILE"),
    ("servizi-demografici", 2, "DEMATERIALIZZAZIONE LISTE ELETTORALI GENERALI E SEZIONALI."),
    ("servizi-demografici", 3, "DIGITALIZZAZIONE DEGLI ALLEGATI AGLI ATTI DEI SERVIZI DEMOGRAFICI"),
    ("area-socio-assistenziale", 1, "CONCLUSIONE PROGETTI"),
]


def test_objectives_follow_the_seeds_order(albizzate):
    objectives = albizzate.objectives.select_related("unit").order_by("pk")
    assert [(o.unit.code, o.number, o.title) for o in objectives] == TITLES
    strade_sicure = albizzate.objectives.get(unit__code="ufficio-polizia-locale", number=1)
    assert strade_sicure.description.endswith(
        "La approvazione del Progetto potrà avvenire solo a seguito di CCDI."
    )


def test_digitalisation_tags(albizzate):
    def tagged(field):
        return sorted(
            (o.unit.code, o.number) for o in Objective.objects.filter(plan=albizzate, **{field: True})
        )

    assert tagged("digitalisation") == [
        ("servizi-demografici", 1),
        ("servizi-demografici", 2),
        ("servizi-demografici", 3),
        ("settore-urbanistica", 1),
        ("settore-urbanistica", 2),
    ]
    assert tagged("simplification") == [("servizi-demografici", 2)]
    assert tagged("accessibility") == [("settore-urbanistica", 1)]
