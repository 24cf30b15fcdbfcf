"""Premesse: the ente's own text, or the legal frame when it wrote none."""

from openpiao.core.printing.blocks import Paragraph


def premises(context) -> list:
    if context.texts.get("premesse"):
        return []  # the builder prints the ente's text
    plan = context.plan
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
