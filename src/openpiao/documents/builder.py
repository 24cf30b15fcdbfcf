"""Build the printed plan once, as blocks, from the plan's rows (core.printing.blocks), section
by section in the order of plans.sections, with the content of each written by parts/.

The plan's kind decides the document: a PIAO prints the Piano tipo (DM 132/2022); a Piano
della performance or a PEG/PDO prints its own parts under its own title and legal basis,
leaving out a part it has neither data nor text for (no such part is required of it).

`build_document(plan)` gives the whole plan; `sections=` one section (with its
subsections), `objective=` one scheda obiettivo. The renderers turn the result into DOCX
or PDF; tests read it directly.
"""

from dataclasses import dataclass, field
from datetime import date

from openpiao.core.files import local_path
from openpiao.core.printing import richtext
from openpiao.core.printing.blocks import Document, Heading, Image, NotRequired, PageBreak, Paragraph
from openpiao.organizations.models import SIMPLIFIED_REGIME_EMPLOYEE_LIMIT, in_simplified_regime
from openpiao.plans.models import PlanKind
from openpiao.plans.sections import SECTIONS, SectionSpec, is_required, sections_within

from .parts import section_content
from .parts.performance import scheda

# The document of each plan kind: full title, short title (page header), legal basis.
DOCUMENT_KINDS = {
    PlanKind.PIAO: (
        "Piano integrato di attività e organizzazione (PIAO)",
        "PIAO",
        "art. 6 DL 9 giugno 2021 n. 80, conv. L. 6 agosto 2021 n. 113; DM 30 giugno 2022 n. 132",
    ),
    PlanKind.PERFORMANCE: (
        "Piano della performance",
        "Piano della performance",
        "art. 10 c. 1 lett. a d.lgs. 27 ottobre 2009 n. 150",
    ),
    PlanKind.PEG_PDO: (
        "Piano esecutivo di gestione - Piano dettagliato degli obiettivi",
        "PEG",
        "artt. 108 c. 1 e 169 d.lgs. 18 agosto 2000 n. 267; art. 10 d.lgs. 27 ottobre 2009 n. 150",
    ),
}

NOT_REQUIRED = (
    "Ente non tenuto alla compilazione in quanto amministrazione con meno di "
    f"{SIMPLIFIED_REGIME_EMPLOYEE_LIMIT} dipendenti (art. 6 DM 30 giugno 2022 n. 132)."
)
NOT_REQUIRED_BUT_WRITTEN = (
    "Sottosezione non obbligatoria per le amministrazioni con meno di "
    f"{SIMPLIFIED_REGIME_EMPLOYEE_LIMIT} dipendenti (art. 6 DM 30 giugno 2022 n. 132): "
    "l'ente la compila comunque."
)


@dataclass
class PrintContext:
    """What every section part reads: the plan, the ente, its size and its own texts."""

    plan: object
    figures: object | None  # the latest YearlyFigures, None if never entered
    texts: dict[str, str] = field(default_factory=dict)
    cache: dict = field(default_factory=dict)  # selectors shared by several parts

    @property
    def organization(self):
        return self.plan.organization

    @property
    def simplified(self) -> bool:
        """Art. 6 DM 132/2022: the simplified regime by the latest figures at 31/12."""
        return in_simplified_regime(self.figures)

    def text(self, code: str) -> tuple[list, list]:
        """The ente's text of a section: the blocks before its data and those after."""
        before, after = richtext.split_at_data(self.texts.get(code, ""))
        return richtext.parse(before), richtext.parse(after)

    def shared(self, key: str, load):
        """Load once what several sections read (e.g. the employees)."""
        if key not in self.cache:
            self.cache[key] = load()
        return self.cache[key]


def print_context(plan) -> PrintContext:
    texts = {t.section: t.body for t in plan.section_texts.all()}
    return PrintContext(plan=plan, figures=plan.organization.latest_figures(), texts=texts)


def build_document(plan, *, section: str | None = None, objective=None) -> Document:
    context = print_context(plan)
    organization = plan.organization
    full_title, short_title, basis = DOCUMENT_KINDS.get(plan.kind, DOCUMENT_KINDS[PlanKind.PIAO])
    document = Document(
        title=plan.title or f"{full_title} {plan.triennium}",
        organization=organization.name,
        header_right=plan.title or f"{short_title} {plan.triennium}",
        subject=f"{plan.display_title} del {organization.name} ({basis})",
        keywords=(
            "PIAO, piano integrato di attività e organizzazione, DM 132/2022"
            if plan.is_piao
            else f"{full_title.lower()}, obiettivi di performance, d.lgs. 150/2009"
        ),
    )
    if objective is not None:
        document.with_toc = False
        document.title = f"Scheda obiettivo {objective.number} - {plan.display_title}"
        document.add(scheda(context, objective))
        return document
    specs = sections_within(section, plan.kind)
    if section is not None:
        document.with_toc = False
        document.title += f" - {specs[0].title}" if specs else ""
        document.add(
            Paragraph.of(organization.name, style="lead"), Paragraph.of(document.title, style="label")
        )
    else:
        document.add(title_page(context))
    for spec in specs:
        blocks = section_blocks(context, spec)
        if plan.is_piao:
            document.add(blocks)
        elif not _is_empty(context, spec, blocks):
            document.add(_one_level_up(blocks, spec.level))
    return document


def _one_level_up(blocks: list, level: int) -> list:
    """The parts write their headings for a PIAO subsection (level 2): under a part of level 1
    of another kind of plan they move up one level, and none goes deeper than one level below
    the heading before it (the ente's own text has small headings), so no level is skipped."""
    previous = level
    for block in blocks:
        if isinstance(block, Heading):
            if block.level > level + 1:
                block.level -= 1
            block.level = min(block.level, previous + 1)
            previous = block.level
    return blocks


def _is_empty(context: PrintContext, spec: SectionSpec, blocks: list) -> bool:
    """Only a heading: nothing the plan says in this part."""
    return len(blocks) == 1 and not _has_written_subsection(context, spec)


def title_page(context: PrintContext) -> list:
    plan = context.plan
    full_title, _, basis = DOCUMENT_KINDS.get(plan.kind, DOCUMENT_KINDS[PlanKind.PIAO])
    organization = context.organization
    blocks: list = []
    if organization.coat_of_arms and organization.coat_of_arms.storage.exists(organization.coat_of_arms.name):
        blocks.append(Image(local_path(organization.coat_of_arms), alt=f"Stemma del {organization.name}"))
    blocks += [
        Paragraph.of(organization.name, style="subtitle"),
        Paragraph.of(plan.title or full_title, style="title"),
        Paragraph.of(f"Triennio {plan.triennium}", style="subtitle"),
        Paragraph.of(basis, style="small", align="center"),
    ]
    if context.simplified and plan.is_piao:
        blocks.append(
            Paragraph.of(
                f"Forma semplificata: amministrazione con meno di {SIMPLIFIED_REGIME_EMPLOYEE_LIMIT} "
                f"dipendenti ({context.figures.employees} al 31/12/{context.figures.year}).",
                style="small",
                align="center",
            )
        )
    if plan.resolution_number and plan.resolution_date:
        adopted = (
            f"Approvato con deliberazione della Giunta n. {plan.resolution_number} "
            f"del {plan.resolution_date:%d/%m/%Y}"
        )
    else:
        adopted = f"Proposta in bozza, stampata il {date.today():%d/%m/%Y}"
    blocks.append(Paragraph.of(adopted, style="subtitle"))
    blocks.append(PageBreak())
    return blocks


def section_blocks(context: PrintContext, spec: SectionSpec) -> list:
    content = section_content(spec, context)
    text, text_after = context.text(spec.code)
    required = is_required(spec, simplified=context.simplified)
    if required is not False and not (content or text or text_after or _has_subsections(spec)):
        # A section the ente has not written yet is a blocking readiness item
        # (readiness._empty_sections), not a bare heading in the document.
        return []
    blocks: list = [Heading(spec.level, spec.title, spec.bookmark)]
    if required is False:
        written = bool(content or text or text_after or _has_written_subsection(context, spec))
        blocks.append(NotRequired(NOT_REQUIRED_BUT_WRITTEN if written else NOT_REQUIRED))
    blocks.extend(text)
    blocks.extend(content)
    blocks.extend(text_after)
    return blocks


def _has_subsections(spec: SectionSpec) -> bool:
    """Whether the Piano tipo gives the section subsections (the parts printed only when the
    ente writes them do not make a section's heading print)."""
    return any(s.code.startswith(spec.code + ".") and (s.piano_tipo or s.required_always) for s in SECTIONS)


def _has_written_subsection(context: PrintContext, spec: SectionSpec) -> bool:
    return any(context.texts.get(s.code) for s in SECTIONS if s.code.startswith(spec.code + "."))
