"""The sections of the PIAO, in the order of the Piano tipo (DM 30 giugno 2022 n. 132).

One list: a section added later is one line. `piano_tipo` is the code whose duty (required
or not under 50 employees) is read from reference_data/piano_tipo_dm_132_2022.yaml; None
means the part is always printed. The plan's page lists its parts by these codes; the
printed plan (documents.parts) writes each section's content.
"""

from dataclasses import dataclass
from functools import cache

from openpiao.core.catalogues import Table, read_catalogue
from openpiao.organizations.models import PIANO_TIPO_FILE


@dataclass(frozen=True)
class SectionSpec:
    code: str
    title: str
    level: int
    piano_tipo: str | None = None
    required_always: bool = False  # required whatever the size (another law imposes it)

    @property
    def bookmark(self) -> str:
        return "sezione-" + self.code.replace(".", "-")

    def is_within(self, code: str) -> bool:
        """This section is `code` or one of its subsections."""
        return self.code == code or self.code.startswith(code + ".")


# The parts without a Piano tipo code and not required (the process of preparation, the other
# plans integrated, the internal public value) are asked by the Linee guida PIAO and the Manuale
# operativo per i comuni (Dipartimento della funzione pubblica, 2025: linee_guida_piao_2025.yaml):
# they print when the ente writes them.
SECTIONS = [
    SectionSpec("premesse", "Premesse", 1),
    SectionSpec("premesse.1", "Processo di predisposizione del piano e gruppo di lavoro integrato", 2),
    SectionSpec("premesse.2", "Altri piani e programmi integrati nel PIAO", 2),
    SectionSpec("1", "Sezione 1 - Scheda anagrafica dell'amministrazione", 1, "1"),
    SectionSpec("2", "Sezione 2 - Valore pubblico, performance e anticorruzione", 1),
    SectionSpec("2.1", "Sottosezione 2.1 - Valore pubblico", 2, "2.1"),
    SectionSpec("2.1.1", "2.1.1 Valore pubblico interno: salute organizzativa", 3),
    SectionSpec("2.2", "Sottosezione 2.2 - Performance", 2, "2.2"),
    SectionSpec(
        "2.2.2",
        "2.2.2 Piano triennale di azioni positive (art. 48 d.lgs. 198/2006)",
        3,
        required_always=True,
    ),
    SectionSpec("2.3", "Sottosezione 2.3 - Rischi corruttivi e trasparenza", 2, "2.3"),
    SectionSpec("3", "Sezione 3 - Organizzazione e capitale umano", 1),
    SectionSpec("3.1", "Sottosezione 3.1 - Struttura organizzativa", 2, "3.1"),
    SectionSpec("3.2", "Sottosezione 3.2 - Organizzazione del lavoro agile", 2, "3.2"),
    SectionSpec("3.3", "Sottosezione 3.3 - Piano triennale dei fabbisogni di personale", 2, "3.3"),
    SectionSpec("3.3.4", "3.3.4 Formazione del personale", 3, "3.3"),
    SectionSpec("4", "Sezione 4 - Monitoraggio", 1, "4"),
]

# A Piano della performance (art. 10 d.lgs. 150/2009) or a PEG/PDO (art. 169 TUEL) has no
# Piano tipo: the parts it holds, under its own titles; only the objectives are required.
_OTHER_KINDS = {
    "performance": [
        ("premesse", "Presentazione del piano"),
        ("1", "L'amministrazione"),
        ("2.1", "Obiettivi strategici"),
        ("2.2", "Obiettivi di performance"),
        ("3.1", "Struttura organizzativa"),
    ],
    "peg_pdo": [
        ("premesse", "Premessa"),
        ("1", "L'amministrazione"),
        ("2.1", "Obiettivi strategici"),
        ("2.2", "Piano dettagliato degli obiettivi"),
        ("3.1", "Struttura organizzativa"),
    ],
}
_REQUIRED_IN_OTHER_KINDS = {"2.2"}

SECTION_CODES = [s.code for s in SECTIONS]
SECTION_TITLES = {s.code: s.title for s in SECTIONS}


@cache
def plan_sections(kind: str = "piao") -> tuple[SectionSpec, ...]:
    """The sections a plan of `kind` holds, in order: the Piano tipo for a PIAO."""
    if kind not in _OTHER_KINDS:
        return tuple(SECTIONS)
    return tuple(
        SectionSpec(code, title, 1, required_always=code in _REQUIRED_IN_OTHER_KINDS)
        for code, title in _OTHER_KINDS[kind]
    )


def get_section(code: str, kind: str = "piao") -> SectionSpec | None:
    return next((s for s in plan_sections(kind) if s.code == code), None)


def sections_within(code: str | None, kind: str = "piao") -> list[SectionSpec]:
    return [s for s in plan_sections(kind) if code is None or s.is_within(code)]


def piano_tipo() -> dict:
    return read_catalogue(PIANO_TIPO_FILE, Table("sezioni", "codice"))


@cache
def _duties() -> dict[str, dict]:
    duties = {}
    for section in piano_tipo()["sezioni"]:
        for entry in [section, *section.get("sottosezioni", [])]:
            if "obbligatoria_meno_50" in entry:
                duties[entry["codice"]] = entry
    return duties


def is_required(spec: SectionSpec, *, simplified: bool) -> bool | None:
    """Whether the law requires the section of this ente; None for parts outside the Piano tipo."""
    if spec.required_always:
        return True
    if spec.piano_tipo is None:
        return None  # outside the Piano tipo (and every part of a plan that is not a PIAO)
    duty = _duties()[spec.piano_tipo]
    return duty["obbligatoria_meno_50"] if simplified else duty["obbligatoria_50_e_oltre"]
