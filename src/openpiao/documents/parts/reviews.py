"""The verifica intermedia / finale grid of a scheda obiettivo, and the valori raggiunti.

The grid prints once the measurement cycle (openpiao.evaluation) holds a review of the
objective, with its figures; a plan being adopted does not print it empty (issue 12: the
printed plan shows what was decided, not forms still to fill).
"""

from dataclasses import dataclass

from openpiao.core.formatting import it_percent
from openpiao.core.printing.blocks import Table, cell
from openpiao.evaluation.selectors import scorecard


@dataclass(frozen=True)
class ReviewColumn:
    title: str
    day: object = None  # date of the check
    value_average: object = None  # media valore raggiunto (%)
    time_average: object = None  # media rispetto dei tempi (%)
    causes: str = ""
    effects: str = ""
    actions_taken: str = ""
    actions_planned: str = ""


def review_columns(context, objective) -> list[ReviewColumn]:
    """The intermediate and the final check of the objective (blank if not held yet)."""
    source = context.shared("reviews", lambda: _load_reviews(context))
    found = source.get(objective.pk, {})
    return [
        found.get("intermediate") or ReviewColumn("Verifica intermedia"),
        found.get("final") or ReviewColumn("Verifica finale"),
    ]


def achieved_values(context, objective) -> dict[int, str]:
    """Valore raggiunto per indicator id, from the latest review of the reference year."""
    source = context.shared("achieved", lambda: _load_achieved(context))
    return source.get(objective.pk, {})


def grid(context, objective) -> Table | None:
    """The checks held so far side by side, or None when none has been held."""
    columns = [
        c for c in review_columns(context, objective) if c.day is not None or c.value_average is not None
    ]
    if not columns:
        return None
    rows = [[cell(_title(c), header=True, colspan=2) for c in columns]]

    def pair(label: str, attribute: str, formatter=str):
        row = []
        for column in columns:
            value = getattr(column, attribute)
            row += [cell(label, header=True), cell(formatter(value) if value not in (None, "") else "")]
        return row

    rows.append(pair("Media valore raggiunto", "value_average", it_percent))
    rows.append(pair("Media rispetto dei tempi", "time_average", it_percent))
    rows.append([cell("Analisi degli scostamenti", header=True, colspan=2) for _ in columns])
    rows.append(pair("Cause", "causes"))
    rows.append(pair("Effetti (rispetto all'obiettivo)", "effects"))
    rows.append([cell("Provvedimenti correttivi", header=True, colspan=2) for _ in columns])
    rows.append(pair("Intrapresi", "actions_taken"))
    rows.append(pair("Da attivare", "actions_planned"))
    return Table(rows, header_rows=1, widths=[1.6, 1.4] * len(columns))


def _title(column: ReviewColumn) -> str:
    return f"{column.title} del {column.day:%d/%m/%Y}" if column.day else column.title


def _scorecard(context):
    """The measurement cycle's scorecard (openpiao.evaluation)."""
    return context.shared("scorecard", lambda: scorecard(context.plan))


def _column(result, title: str) -> ReviewColumn | None:
    if result is None:
        return None
    review = result.review
    return ReviewColumn(
        title=title,
        day=review.reference_date,
        value_average=result.value_mean.value,
        time_average=result.time_mean.value,
        causes=review.causes,
        effects=review.effects,
        actions_taken=review.actions_taken,
        actions_planned=review.actions_planned,
    )


def _load_reviews(context) -> dict:
    """{objective id: {"intermediate": ReviewColumn, "final": ReviewColumn}} from the reviews held."""
    card = _scorecard(context)
    return {
        result.objective.pk: {
            "intermediate": _column(result.intermediate, "Verifica intermedia"),
            "final": _column(result.final, "Verifica finale"),
        }
        for result in card.objectives
    }


def _load_achieved(context) -> dict:
    """{objective id: {indicator id: valore raggiunto}} from the latest review of each objective."""
    card = _scorecard(context)
    achieved: dict = {}
    for result in card.objectives:
        current = result.current
        if current is not None:
            achieved[result.objective.pk] = {
                item.indicator.pk: item.value.display for item in current.indicators if item.value is not None
            }
    return achieved
