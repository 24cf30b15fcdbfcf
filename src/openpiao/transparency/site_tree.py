"""Which sections of the ente's "Amministrazione trasparente" would fail the check of ANAC's
Piattaforma Unica della Trasparenza, whose crawler (TrasparenzAI) looks for a link named as each
section of its rule tree (reference_data/trasparenzai_albero.yaml). Read against the ente's
map: a section with no duty in the map, one whose duties have no published page, and one whose
name in the catalogue is not a name the crawler accepts. Pure: no Django import."""

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Reason(StrEnum):
    NOT_IN_MAP = "not_in_map"
    NO_PAGE = "no_page"
    NAME = "name"


@dataclass(frozen=True)
class RuleNode:
    key: str
    parent: str | None
    section: str  # the catalogue's section code
    terms: tuple[str, ...]


@dataclass(frozen=True)
class MapSection:
    """A section of the catalogue, with the ente's map in it (its own duties and, for a first
    level, those of its sub-sections)."""

    code: str
    name: str
    applies: bool  # False: a section the catalogue marks not applicable to comuni
    duties: int  # duties of the section in the ente's map
    published: int  # of them, those with the address of their page


@dataclass(frozen=True)
class Finding:
    node: str
    section: str
    term: str
    reason: Reason
    message: str


def simplified(text: str) -> str:
    """Case, accents and punctuation aside, as a link text is compared."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).strip()


def check(nodes: list[RuleNode], sections: dict[str, MapSection]) -> list[Finding]:
    """Every node of the rule tree the ente's site, built from its map, would fail, in the tree's
    order; at most one finding per node (the first reason that applies)."""
    findings = []
    for node in nodes:
        section = sections.get(node.section)
        term = node.terms[0]
        if section is not None and not section.applies:
            continue
        if section is None or section.duties == 0:
            reason, message = (
                Reason.NOT_IN_MAP,
                f"«{term}»: nessun obbligo della sezione nella mappa dell'ente, "
                "ma il controllo cerca la voce nel sito.",
            )
        elif section.published == 0:
            reason, message = (
                Reason.NO_PAGE,
                f"«{term}»: nessun obbligo della sezione ha l'indirizzo della pagina pubblicata.",
            )
        elif simplified(section.name) not in {simplified(t) for t in node.terms}:
            reason, message = (
                Reason.NAME,
                f"«{term}»: il catalogo la chiama «{section.name}»; il controllo cerca «{term}», "
                "da usare come titolo della voce nel sito.",
            )
        else:
            continue
        findings.append(Finding(node.key, node.section, term, reason, message))
    return findings
