"""Sezione 3.2-3.3 and the piano delle azioni positive, printed from openpiao.human_capital.

Everything comes from `human_capital.selectors.section3(plan)`: the same rows and computed
figures (with their working) that the app's pages show. Personal data stay out of the public
document: smart-working agreements and training enrolments are printed as counts.
"""

from collections import Counter

from openpiao.core.formatting import it_money, it_number, it_percent
from openpiao.core.printing.blocks import BulletList, Heading, Paragraph, Run, Table, cell
from openpiao.core.printing.common import count_table, key_values, verdict, working
from openpiao.human_capital.selectors import section3 as load_section3
from openpiao.performance.targets import MONTHS

MONTH_NAMES = {number: name for name, number in MONTHS.items()}


# What each health dimension of the POLA weighs, as the comuni's POLA indicator schemes word it,
# printed with the dimension's indicators.
POLA_DIMENSION_SCOPES = {
    "Salute organizzativa": (
        "adeguatezza dell'organizzazione dell'ente rispetto all'introduzione del lavoro da remoto, "
        "miglioramento del clima organizzativo"
    ),
    "Salute professionale": (
        "adeguatezza dei profili professionali esistenti all'interno dell'ente rispetto a quelli necessari"
    ),
}


def section3(context):
    return context.shared("section3", lambda: load_section3(context.plan))


def positive_actions(context) -> list:
    s3 = section3(context)
    if not s3.staff and not s3.action_areas:
        return []
    day = f"{context.plan.staff_day:%d/%m/%Y}"
    blocks: list = [
        Paragraph.of(
            f"Quadro del personale dipendente in servizio a tempo determinato ed indeterminato al {day}"
        )
    ]
    corners = {"by_economic_position": "Posizioni economiche", "by_category": "Categoria"}
    for name, table in s3.gender.items():
        if table.total or name in ("by_contract", "by_unit"):
            blocks.append(count_table(table, corners.get(name, "Lavoratori")))
        if name == "by_category" and table.total:
            # The totals by gender the piano delle azioni positive states under the dotazione.
            for gender, label in (("F", "donne"), ("M", "uomini")):
                present = sum(1 for member in s3.staff if member.gender == gender)
                blocks.append(Paragraph.of(f"Totale {label} presenti nell'ente: {present}"))
    blocks.append(Heading(4, "Verifica del divario fra generi (art. 48 c. 1 d.lgs. 198/2006)"))
    for check in s3.gender_checks:
        blocks.append(verdict(check.ok, check.verdict))
        blocks.extend(working(check.steps))
    if s3.action_areas:
        blocks.append(Heading(4, "Obiettivi e azioni positive per ambito"))
    for area in s3.action_areas:
        blocks.append(
            Paragraph([Run("Ambito di azione: ", bold=True), Run(area.get_scope_display(), italic=True)])
        )
        blocks.append(Paragraph([Run("Obiettivo: ", bold=True), Run(area.objective)], align="justify"))
        actions = [[Run(a.description)] for a in area.actions.all()]
        if actions:
            blocks.append(Paragraph.of("Azioni positive:"))
            blocks.append(BulletList(actions))
    return blocks


def smart_working(context) -> list:
    s3 = section3(context)
    plan = context.plan
    blocks: list = []
    if s3.pola_indicators:
        blocks.append(
            Heading(3, "Indicatori del Piano organizzativo del lavoro agile (POLA)", "sezione-3-2-pola")
        )
        groups: dict[str, list] = {}
        for indicator in s3.pola_indicators:
            groups.setdefault(indicator.get_dimension_display(), []).append(indicator)
        for dimension, indicators in groups.items():
            # Only the years the ente filled in, so the descriptions keep room to read.
            filled = {v.year for i in indicators for v in i.values.all() if v.target or v.achieved}
            years = [y for y in plan.years if y in filled] or [plan.first_year]
            header = [cell("Descrizione", header=True), cell("Baseline", header=True)]
            for year in years:
                header += [cell(f"Atteso {year}", header=True), cell(f"Raggiunto {year}", header=True)]
            title = f"Indicatori di risultato: {dimension}"
            if dimension in POLA_DIMENSION_SCOPES:
                title += f" ({POLA_DIMENSION_SCOPES[dimension]})"
            rows = [[cell(title, header=True, colspan=len(header))], header]
            for indicator in indicators:
                values = {v.year: v for v in indicator.values.all()}
                row = [cell(indicator.description), cell(indicator.baseline)]
                for year in years:
                    value = values.get(year)
                    row += [cell(value.target if value else ""), cell(value.achieved if value else "")]
                rows.append(row)
            blocks.append(Table(rows, header_rows=2, widths=[4, 1] + [1] * 2 * len(years), compact=True))
    if s3.activity_map:
        blocks.append(Heading(3, "Mappatura delle attività svolgibili da remoto", "sezione-3-2-mappatura"))
        rows = [[cell(h, header=True) for h in ("Unità", "Processo o attività", "Da remoto", "Nota")]]
        for entry in s3.activity_map:
            rows.append(
                [
                    cell(entry.unit.name),
                    cell(entry.activity),
                    cell(entry.get_workability_display()),
                    cell(entry.note),
                ]
            )
        blocks.append(Table(rows, widths=[1.6, 3, 1.2, 2]))
    if s3.agreements:
        outcomes = Counter(agreement.get_outcome_display() for agreement, _, _ in s3.agreements)
        presence_ok = sum(1 for _, presence, _ in s3.agreements if presence.ok)
        blocks.append(Heading(3, "Accordi individuali", "sezione-3-2-accordi"))
        blocks.append(
            Paragraph.of(
                f"Domande e accordi individuali registrati: {len(s3.agreements)} ("
                + ", ".join(f"{label.lower()}: {count}" for label, count in sorted(outcomes.items()))
                + f"); accordi che assicurano la prevalenza del lavoro in presenza: {presence_ok}."
            )
        )
    return blocks


def staffing(context) -> list:
    s3 = section3(context)
    plan = context.plan
    year = plan.first_year
    blocks: list = []
    if s3.staff:
        blocks.append(
            Heading(
                3,
                # The words of DM 132/2022, art. 6 c. 3: «rappresentazione della consistenza di personale
                # al 31 dicembre dell'anno precedente».
                f"Rappresentazione della consistenza di personale al {plan.staff_day.day} "
                f"{MONTH_NAMES[plan.staff_day.month]} {plan.staff_day.year}: {s3.headcount_31_12} unità",
                "sezione-3-3-consistenza",
            )
        )
        rows = [
            [
                cell(h, header=True)
                for h in (
                    "Cat.",
                    "Qualifica professionale",
                    "Unità in servizio",
                    "Area (dal 01/04/2023)",
                    "Profilo professionale",
                )
            ]
        ]
        for unit, lines in s3.dotazione:
            rows.append([cell(unit, header=True, colspan=5)])
            for line in lines:
                rows.append(
                    [
                        cell(line.old_category, align="center"),
                        cell(line.job_title),
                        cell(str(line.count), align="right"),
                        cell(line.area_label),
                        cell(line.profile),
                    ]
                )
        blocks.append(Table(rows, widths=[0.6, 2.4, 1, 2.4, 2.6]))
    capacity = s3.capacity
    checks = [
        (
            f"a.1) Verifica degli spazi assunzionali a tempo indeterminato {year} "
            "(art. 33 c. 2 DL 34/2019, DM 17 marzo 2020)",
            capacity.complete,
        ),
        (
            "a.2) Verifica del rispetto del tetto alla spesa di personale (art. 1 c. 557 L. 296/2006)",
            s3.check_557.ok is not None,
        ),
        (
            "a.3) Verifica del rispetto del tetto alla spesa per lavoro flessibile (art. 9 c. 28 DL 78/2010)",
            s3.check_flexible.ok is not None,
        ),
    ]
    inputs = s3.inputs
    # What is not yet computable is a readiness item (human_capital.readiness), not a printed gap.
    if any(done for _, done in checks) or s3.cessations or s3.hires:
        blocks.append(
            Heading(3, "Programmazione strategica delle risorse umane", "sezione-3-3-programmazione")
        )
    if any(done for _, done in checks) or (inputs is not None and inputs.surplus_check):
        # The a)–c) outline of the seed plans: a) the spending limits, b) cessations, c) hires.
        blocks.append(
            Heading(4, "a) Capacità assunzionale calcolata sulla base dei vigenti vincoli di spesa")
        )
    if capacity.complete:
        blocks.append(Heading(4, checks[0][0]))
        blocks.append(
            key_values(
                [
                    (
                        "Rapporto spesa di personale / entrate correnti nette",
                        it_percent(capacity.ratio_display),
                    ),
                    ("Fascia demografica", f"{capacity.band.code}) {capacity.band.description}"),
                    (
                        "Valori soglia Tabella 1 / Tabella 3",
                        f"{it_percent(capacity.table1_pct)} / {it_percent(capacity.table3_pct)}",
                    ),
                    ("Collocazione", capacity.position.label),
                    (f"Spesa di personale massima {year}", it_money(capacity.max_spending)),
                    ("Margine per assunzioni a tempo indeterminato", it_money(capacity.margin)),
                ]
            )
        )
        blocks.extend(working(capacity.steps, "Come è calcolata la capacità assunzionale"))
        for item in capacity.verdicts:
            if item.ok is not None:
                blocks.append(verdict(item.ok, item.text))
    for (title, done), check in zip(checks[1:], (s3.check_557, s3.check_flexible), strict=True):
        if done:
            blocks.append(Heading(4, title))
            blocks.append(verdict(check.ok, check.verdict))
            blocks.extend(working(check.steps))
    if inputs is not None and inputs.surplus_check:
        blocks.append(
            Paragraph(
                [
                    Run("a.4) Verifica dell'assenza di eccedenze di personale: ", bold=True),
                    Run(inputs.surplus_check),
                ]
            )
        )
    if inputs is not None and inputs.auditor_opinion:
        blocks.append(Paragraph([Run("Revisore dei conti: ", bold=True), Run(inputs.auditor_opinion)]))
    if s3.narrative:
        blocks.append(Paragraph.of(s3.narrative, align="justify"))
    if not (s3.cessations or s3.hires or capacity.complete):
        return blocks
    blocks.append(Heading(4, "b) Cessazioni previste"))
    rows = [[cell(h, header=True) for h in ("Anno", "Profilo", "Unità", "Causa", "Costo annuo", "Nota")]]
    for row in s3.cessations:
        reason = row.get_reason_display() + (f" dal {row.date:%d/%m/%Y}" if row.date else "")
        rows.append(
            [
                cell(str(row.year)),
                cell(row.profile),
                cell(row.unit.name if row.unit_id else ""),
                cell(reason),
                cell(it_money(row.annual_cost), align="right"),
                cell(row.note),
            ]
        )
    if len(rows) == 1:
        rows.append([cell("Nessuna cessazione prevista.", colspan=6)])
    blocks.append(Table(rows, widths=[0.7, 2.2, 1.6, 1.8, 1.2, 2]))
    blocks.append(Heading(4, "c) Assunzioni programmate"))
    rows = [
        [
            cell(h, header=True)
            for h in ("Anno", "Profilo", "Area", "Unità", "Modalità", "Contratto", "Costo annuo")
        ]
    ]
    for row in s3.hires:
        contract = row.get_contract_type_display()
        if row.part_time_pct < 100:
            contract += f" al {it_number(row.part_time_pct)}%"
        if row.hours:
            contract += f" · {row.hours} ore"
        rows.append(
            [
                cell(str(row.year)),
                cell(row.profile + (f"\n{row.note}" if row.note else "")),
                cell(row.get_area_display()),
                cell(row.unit.name if row.unit_id else ""),
                cell(row.get_modality_display() + (f"\n{row.modality_note}" if row.modality_note else "")),
                cell(contract),
                cell(it_money(row.annual_cost), align="right"),
            ]
        )
    if len(rows) == 1:
        rows.append([cell("Nessuna assunzione programmata.", colspan=7)])
    blocks.append(Table(rows, widths=[0.7, 2.4, 1.6, 1.5, 2, 1.4, 1.2], compact=True))
    return blocks


def training(context) -> list:
    s3 = section3(context)
    year = context.plan.first_year
    blocks: list = []
    plan = s3.training_plan
    if s3.budget.verdicts:  # nothing to say until the budget and the salaries are entered
        blocks.append(Heading(4, f"Destinatari e risorse finanziarie {year}"))
        blocks.extend(Paragraph.of(line) for line in s3.budget.verdicts)
        blocks.extend(working(s3.budget.steps))
    if plan is not None and plan.providers:
        blocks.append(Paragraph([Run("Soggetti formatori: ", bold=True), Run(plan.providers)]))
    if s3.training_areas:
        blocks.append(Heading(4, "Aree di formazione per il triennio"))
        rows = [[cell("Area", header=True), cell("Contenuti", header=True)]]
        for area in s3.training_areas:
            rows.append([cell(area.name, header=True), cell(area.contents)])
        blocks.append(Table(rows, widths=[1.5, 5]))
    if s3.courses:
        blocks.append(Heading(4, "Corsi programmati"))
        rows = [
            [
                cell(h, header=True)
                for h in (
                    "Anno",
                    "Corso",
                    "Area",
                    "Soggetto formatore",
                    "Modalità",
                    "Ore",
                    "Costo",
                    "Iscritti",
                )
            ]
        ]
        for course in s3.courses:
            title = course.title + (
                f"\nobbligatoria · {course.get_mandatory_display()}" if course.mandatory else ""
            )
            rows.append(
                [
                    cell(str(course.year)),
                    cell(title),
                    cell(course.area.name if course.area_id else ""),
                    cell(course.provider),
                    cell(course.get_mode_display()),
                    cell(it_number(course.hours), align="right"),
                    cell(it_money(course.cost), align="right"),
                    cell(str(len(course.enrolments.all())), align="right"),
                ]
            )
        blocks.append(Table(rows, widths=[0.6, 3, 1.4, 1.6, 1.2, 0.6, 1, 0.8], compact=True))
    if s3.courses and s3.hours.verdict:
        blocks.append(Paragraph.of(s3.hours.verdict))
    return blocks
