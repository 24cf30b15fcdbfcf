"""Reading the legal tables of Sezione 3 from reference data (never literals in the rules)."""

from decimal import Decimal
from fractions import Fraction
from functools import cache

from openpiao.core.catalogues import Table, read_catalogue

from .hiring_capacity import Band, CapacityTables
from .smart_working import SmartWorkingRules
from .spending_caps import FlexibleWorkRules
from .training import HoursTarget

DM_FILE = "dm_17_03_2020_capacita_assunzionale.yaml"
SECTION3_FILE = "capitale_umano.yaml"


@cache
def capacity_tables() -> CapacityTables:
    data = read_catalogue(DM_FILE, Table("fasce_demografiche", "fascia"))
    table2 = data["tabella_2_incremento_max_pct_su_spesa_2018"]
    state = data["stato_verifica"]
    return CapacityTables(
        bands=tuple(
            Band(b["fascia"], b["min"], b["max"], b["descrizione"]) for b in data["fasce_demografiche"]
        ),
        table1={k: Decimal(str(v)) for k, v in data["tabella_1_valori_soglia_pct"].items()},
        table3={k: Decimal(str(v)) for k, v in data["tabella_3_valori_soglia_rientro_pct"].items()},
        table2_years=tuple(table2["anni"]),
        table2={k: tuple(Decimal(str(x)) for x in v) for k, v in table2["valori"].items()},
        table2_base_year=data["tabella_2_anno_base_spesa"],
        table2_last_year=data["tabella_2_ultimo_anno"],
        table1_verified=state["tabella_1_verificata"],
        table2_verified_rows=frozenset(state["tabella_2_righe_verificate"]),
        table3_verified=state["tabella_3_verificata"],
    )


def section3() -> dict:
    return read_catalogue(SECTION3_FILE)


def flexible_work_rules() -> FlexibleWorkRules:
    data = section3()["lavoro_flessibile"]
    return FlexibleWorkRules(
        norm=data["norma"],
        limit_pct=Decimal(data["quota_limite_pct"]),
        limit_pct_in_rule_557=Decimal(data["quota_limite_enti_in_regola_c557_pct"]),
        substitute_norm=data["limite_sostitutivo"],
    )


def smart_working_rules() -> SmartWorkingRules:
    data = section3()["lavoro_agile"]
    return SmartWorkingRules(
        weekly_working_days=data["giorni_lavorativi_settimana"],
        weeks_per_year=data["settimane_anno"],
        months_per_year=data["mesi_anno"],
        answer_term_days=data["termine_risposta_giorni"],
        presence_norm=data["norma_prevalenza"],
        derogation_norm=data["norma_deroga"],
    )


def hours_targets() -> list[HoursTarget]:
    return [
        HoursTarget(t["dal_anno"], Decimal(t["ore"]), t["atto"])
        for t in section3()["formazione"]["ore_annue_pro_capite"]
    ]


def training_minimum() -> tuple[Decimal, str]:
    data = section3()["formazione"]
    return Decimal(data["quota_minima_monte_salari_pct"]), data["norma_quota"]


def gender_gap_threshold() -> tuple[Fraction, str]:
    data = section3()["pari_opportunita"]
    return Fraction(data["divario_numeratore"], data["divario_denominatore"]), data["norma"]


def norm_557() -> str:
    return section3()["spesa_personale_c557"]["norma"]
