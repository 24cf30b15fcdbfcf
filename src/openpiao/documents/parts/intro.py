"""Premesse: the ente's own text, or the legal frame of the plan's kind when it wrote none."""

from openpiao.core.printing.blocks import Paragraph
from openpiao.plans.models import PlanKind

PUBLISHED = (
    "è pubblicato sul sito istituzionale, nella sezione Amministrazione trasparente "
    "(art. 10 c. 8 lett. b d.lgs. 14 marzo 2013 n. 33)."
)
FRAMES = {
    PlanKind.PERFORMANCE: (
        "Il Piano della performance è il documento programmatico triennale previsto dall'art. 10 "
        "c. 1 lett. a del decreto legislativo 27 ottobre 2009 n. 150: individua gli indirizzi e gli "
        "obiettivi strategici e operativi dell'ente e definisce, con riferimento agli obiettivi, gli "
        "indicatori per la misurazione e la valutazione della performance dell'amministrazione, "
        "nonché gli obiettivi assegnati al personale e i relativi indicatori."
    ),
    PlanKind.PEG_PDO: (
        "Il Piano esecutivo di gestione, deliberato dalla Giunta in coerenza con il bilancio di "
        "previsione e con il Documento unico di programmazione, unifica organicamente il Piano "
        "dettagliato degli obiettivi (art. 108 c. 1 del decreto legislativo 18 agosto 2000 n. 267) "
        "e il Piano della performance (art. 10 del decreto legislativo 27 ottobre 2009 n. 150), "
        "come prevede l'art. 169 c. 3-bis del decreto legislativo 18 agosto 2000 n. 267."
    ),
}


def premises(context) -> list:
    if context.texts.get("premesse"):
        return []  # the builder prints the ente's text
    plan = context.plan
    if plan.kind in FRAMES:
        return [
            Paragraph.of(FRAMES[plan.kind], align="justify"),
            Paragraph.of(
                f"Il presente Piano, per il triennio {plan.triennium}, {PUBLISHED}", align="justify"
            ),
        ]
    return [
        Paragraph.of(
            "Il Piano integrato di attività e organizzazione (PIAO) è previsto dall'art. 6 del "
            "decreto-legge 9 giugno 2021 n. 80, convertito dalla legge 6 agosto 2021 n. 113, e "
            "assorbe i piani elencati dal DPR 24 giugno 2022 n. 81: il Piano della performance, il "
            "Piano triennale di prevenzione della corruzione e della trasparenza, il Piano "
            "organizzativo del lavoro agile, il Piano triennale dei fabbisogni di personale, il Piano "
            "delle azioni positive e il piano della formazione.",
            align="justify",
        ),
        Paragraph.of(
            f"Il presente Piano, per il triennio {plan.triennium}, è redatto secondo il Piano tipo del "
            "decreto del Ministro per la pubblica amministrazione 30 giugno 2022 n. 132 ed è "
            "pubblicato sul sito istituzionale, nella sezione Amministrazione trasparente, e sul "
            "Portale PIAO del Dipartimento della Funzione Pubblica.",
            align="justify",
        ),
    ]
