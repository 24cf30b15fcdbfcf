"""The 2027 calendar of the Comune di Casorate Primo: its PIAO 2024-2026 rolled over to 2027-2029
(«Nuovo piano dal precedente», three times), adopted on a day of the example, as the ente would."""

from datetime import date

from openpiao.deadlines.selectors import year_calendar
from openpiao.plans.rollover import default_choices, roll_over


def test_casorate_2027(casorate, make_member):
    user = make_member(casorate.organization, "secretary")
    plan = casorate
    for _ in range(3):
        plan, _, _ = roll_over(source=plan, chosen=default_choices(), user=user)
    assert plan.triennium == "2027-2029"
    entries = year_calendar(casorate.organization, 2027, today=date(2026, 11, 30))
    table = [(e.deadline.due, e.deadline.title, e.deadline.norm, str(e.status)) for e in entries]
    print(
        "\n".join(f"| {due:%d/%m/%Y} | {title} | {norm} | {status} |" for due, title, norm, status in table)
    )
    titles = {title: due for due, title, _, _ in table}
    assert titles["Adozione del PIAO 2027-2029"] == date(2027, 1, 31)
    assert titles["Pubblicazione del PIAO 2027-2029"] == date(2027, 1, 31)
    assert titles["Comunicazione del piano dei fabbisogni di personale 2027 (SICO)"] == date(2027, 3, 2)
    assert titles["Relazione sulla performance 2026: approvazione"] == date(2027, 6, 30)
    assert titles["Relazione sulla performance 2026: validazione"] == date(2027, 6, 30)
    assert titles[
        "Relazione annuale del RPCT sul 2027 (pubblicazione in Amministrazione trasparente)"
    ] == date(2027, 12, 15)
    # The map of the 2027-2029 plan: the quarterly, half-yearly and yearly duties of 2027.
    transparency = [due for due, title, _, _ in table if title.startswith("Obblighi di pubblicazione")]
    assert date(2027, 3, 31) in transparency and date(2027, 12, 31) in transparency
