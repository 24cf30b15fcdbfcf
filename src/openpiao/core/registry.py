"""Registries: how a lower layer uses what the apps above it contribute, without importing them.

Each app fills a registry in its AppConfig.ready(), giving its contribution a position; the
registry hands them out in the order of the positions, never in the order Django happened to
load the apps. No app below the contributors names them.
"""

from collections.abc import Callable, Iterator
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Contributions by name, handed out in the order of their positions."""

    def __init__(self, what: str):
        self.what = what
        self._entries: dict[str, tuple[int, T]] = {}

    def register(self, name: str, item: T, *, position: int) -> None:
        """Add `name`'s contribution (or replace it: an app registers again if loaded again)."""
        for other, (taken, _) in self._entries.items():
            if taken == position and other != name:
                raise ValueError(f"{self.what}: la posizione {position} di «{name}» è già di «{other}».")
        self._entries[name] = (position, item)

    def get(self, name: str) -> T:
        """`name`'s contribution; KeyError if none registered it."""
        return self._entries[name][1]

    def names(self) -> list[str]:
        return [name for name, _ in sorted(self._entries.items(), key=lambda entry: entry[1][0])]

    def __iter__(self) -> Iterator[T]:
        return iter([self._entries[name][1] for name in self.names()])

    def __len__(self) -> int:
        return len(self._entries)


class ExchangeSection(Protocol):
    """An app's part of the plan's JSON document: its `exchange` module (docs/export-format.md)."""

    def export_section(self, plan: Any, audience: Any) -> dict: ...

    def import_section(self, plan: Any, document: dict, context: dict) -> None: ...


# The sections of the plan's JSON document (plans.json_document), after the ente and the plan.
# The position is the import order: a section that names rows of another comes after it (the
# units, 10, before the objectives, 20, that name them). The positions are in each app's apps.py.
exchange_sections: Registry[ExchangeSection] = Registry("sezioni del documento JSON del piano")


# What carries into the next plan («Nuovo piano dal precedente», plans.rollover): each app's
# `rollover.PART` (a plans.rollover.Part), registered in its apps.py. The position is the copy
# order, the same as the JSON document's: a row is copied after the rows it names.
rollover_parts: Registry[Any] = Registry("parti del nuovo piano dal precedente")
# What an app keeps of a plan whose content an import replaces (plans.json_document.import_into)
# but the plan's document does not carry (the users linked to employees, the behaviour
# assessments: personal data never exported). Each entry takes the plan before its rows are
# deleted and returns the function that writes back, once the document's rows are in, what
# still has its place (an employee with the same key).
KeptRows = Callable[[Any], Callable[[Any], None]]
kept_on_replace: Registry[KeptRows] = Registry("righe conservate quando un'importazione sostituisce il piano")


# What an accepted invitation gives beyond the membership: each entry takes (invitation=,
# membership=, user=) inside the acceptance's transaction (organization_chart: the units of a
# responsabile di unità, Invitation.unit_codes).
InvitationGrant = Callable[..., None]
invitation_grants: Registry[InvitationGrant] = Registry("ciò che un invito accettato assegna")


# The kinds of file the import pages take (plans.importing: "json", the plan's document; "xlsx",
# the workbook of documents.workbook) → their importer, which takes (content, *, organization,
# user, scope, preview) and returns an ImportOutcome or raises ImportProblem, saving nothing.
# Named here so that a background worker (plans.import_jobs) runs the same importer as the page.
Importer = Callable[..., Any]
importers: Registry[Importer] = Registry("file che le pagine di importazione accettano")


# The kinds of background work on one plan (plans.background, the PlanJob rows): "rollover",
# the next plan made from a large one (plans), "adoption", the delibera recorded and the plan
# frozen (documents) → a plans.background.JobKind, which does the work all or nothing in the
# worker. Named here so that the one task of the plans runs the work of the apps above it.
plan_job_kinds: Registry[Any] = Registry("lavori sul piano in background")
