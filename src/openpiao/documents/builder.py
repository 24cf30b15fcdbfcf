"""Build the printed PIAO once, as blocks, from the plan's rows (core.printing.blocks), section
by section in the order of plans.sections, with the content of each written by parts/.

`build_document(plan)` gives the whole plan; `sections=` one section (with its
subsections), `objective=` one scheda obiettivo. The renderers turn the result into DOCX
or PDF; tests read it directly.
"""

from dataclasses import dataclass, field
from datetime import date

from openpiao.core.printing import richtext
from openpiao.core.printing.blocks import Document, Heading, Image, NotRequired, PageBreak, Paragraph
from openpiao.organizations.models import SIMPLIFIED_REGIME_EMPLOYEE_LIMIT, in_simplified_regime
from openpiao.plans.sections import SECTIONS, SectionSpec, is_required, sections_within

from .parts import section_content
from .parts.performance import scheda

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

    def text(self, code: str) -> list:
        return richtext.parse(self.texts.get(code, ""))

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
    document = Document(
        title=f"Piano integrato di attività e organizzazione (PIAO) {plan.triennium}",
        organization=organization.name,
        header_right=f"PIAO {plan.triennium}",
        subject=f"PIAO {plan.triennium} del {organization.name} (art. 6 DL 80/2021, DM 132/2022)",
        keywords="PIAO, piano integrato di attività e organizzazione, DM 132/2022",
    )
    if objective is not None:
        document.with_toc = False
        document.title = f"Scheda obiettivo {objective.number} - {plan.display_title}"
        document.add(scheda(context, objective))
        return document
    specs = sections_within(section)
    if section is not None:
        document.with_toc = False
        document.title += f" - {specs[0].title}" if specs else ""
        document.add(
            Paragraph.of(organization.name, style="lead"), Paragraph.of(document.title, style="label")
        )
    else:
        document.add(title_page(context))
    for spec in specs:
        document.add(section_blocks(context, spec))
    return document


def title_page(context: PrintContext) -> list:
    plan = context.plan
    organization = context.organization
    blocks: list = []
    if organization.coat_of_arms and organization.coat_of_arms.storage.exists(organization.coat_of_arms.name):
        blocks.append(Image(organization.coat_of_arms.path, alt=f"Stemma del {organization.name}"))
    blocks += [
        Paragraph.of(organization.name, style="subtitle"),
        Paragraph.of("Piano integrato di attività e organizzazione (PIAO)", style="title"),
        Paragraph.of(f"Triennio {plan.triennium}", style="subtitle"),
        Paragraph.of(
            "art. 6 DL 9 giugno 2021 n. 80, conv. L. 6 agosto 2021 n. 113; DM 30 giugno 2022 n. 132",
            style="small",
            align="center",
        ),
    ]
    if context.simplified:
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
    text = context.text(spec.code)
    blocks: list = [Heading(spec.level, spec.title, spec.bookmark)]
    if is_required(spec, simplified=context.simplified) is False:
        written = bool(content or text or _has_written_subsection(context, spec))
        blocks.append(NotRequired(NOT_REQUIRED_BUT_WRITTEN if written else NOT_REQUIRED))
    blocks.extend(text)
    blocks.extend(content)
    return blocks


def _has_written_subsection(context: PrintContext, spec: SectionSpec) -> bool:
    return any(context.texts.get(s.code) for s in SECTIONS if s.code.startswith(spec.code + "."))
