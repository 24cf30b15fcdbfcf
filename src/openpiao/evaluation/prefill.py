"""What a new review of an objective starts from: its date, and what it carries over from the
objective's previous review (the verifica finale from the verifica intermedia).

What a Nucleo di valutazione expects carried, because it stays true after the earlier review:
- the mesi effettivi of each phase and whether it is concluded: the months worked are history,
  a phase concluded in spring stays concluded (an empty cronoprogramma would score it 0%);
- the completion date of a deadline indicator, and a yes/no indicator already reached (SI);
- the causes of the deviations and the corrective actions already taken.

What must be measured again at the new date, and is only shown beside the empty field:
- numbers and percentages: the value at the intermediate date is a partial figure (CIE issued by
  July, a rate over half a year); carried, it would be validated as the year's result;
- the description of a text indicator (the Nucleo judges what was achieved by the end) and the
  notes that explain a value;
- a yes/no indicator not yet reached (NO), which may have been reached since;
- the effects on the objective and the corrective actions still to take, which the year's end
  answers anew.
"""

from datetime import date

FINAL = "final"
INTERMEDIATE = "intermediate"

# Kind of the review a new one carries from (a verifica intermedia has none before it).
CARRIES_FROM = {FINAL: INTERMEDIATE}

# The deviation analysis that stays true (Review.causes … Review.actions_planned).
CARRIED_ANALYSIS = ("causes", "actions_taken")

# The usual date of the verifica intermedia when the ente's system does not say otherwise:
# the situation at 31 July, as in Casorate's grid (DESIGN: "verifica intermedia (e.g. July)").
INTERMEDIATE_MONTH_DAY = (7, 31)


def default_reference_date(kind: str, reference_year: int, today: date) -> date:
    """The date a new review proposes.

    - verifica finale: 31 December of the plan's reference year, the end of the measured year,
      whenever the review is entered (usually in the following months);
    - verifica intermedia: 31 July of the reference year; today, if today falls earlier in that
      year (a review cannot measure what has not happened yet).
    """
    if kind == FINAL:
        return date(reference_year, 12, 31)
    usual = date(reference_year, *INTERMEDIATE_MONTH_DAY)
    return today if today.year == reference_year and today < usual else usual


def carried_value(indicator_kind: str, *, number, flag, done_on, text) -> dict:
    """The achieved value of one indicator that a new review starts from ({} = re-entered)."""
    if indicator_kind == "deadline" and done_on is not None:
        return {"done_on": done_on}
    if indicator_kind == "boolean" and flag is True:
        return {"flag": True}
    return {}
