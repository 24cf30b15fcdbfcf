"""Readiness of the measurement cycle: what the ente must still set for scores to be its own.

None of these block adoption (the SMVP is a Giunta act of its own, not part of the PIAO), but
until they are fixed the scores use OpenPIAO's defaults, and the pages say so.
"""

from django.urls import reverse

from openpiao.core.readiness import ReadinessItem

from .models import EvaluationSystem


def readiness_items(plan) -> list[ReadinessItem]:
    url = reverse("evaluation:system", args=[plan.organization.slug, plan.first_year])
    system = EvaluationSystem.objects.filter(plan=plan).first()
    if system is None:
        return [
            ReadinessItem(
                "2.2",
                "Il sistema di misurazione e valutazione della performance (SMVP) non è stato impostato: "
                "verifiche e punteggi usano i parametri predefiniti di OpenPIAO.",
                url,
                blocking=False,
            )
        ]
    items = []
    if not system.reference:
        items.append(
            ReadinessItem(
                "2.2",
                "Indicare l'atto che ha approvato il sistema di misurazione e valutazione.",
                url,
                blocking=False,
            )
        )
    if not system.criteria.exists():
        items.append(
            ReadinessItem(
                "2.2",
                "Il sistema di valutazione non ha criteri per i comportamenti organizzativi: "
                "i punteggi individuali non si possono calcolare.",
                url,
                blocking=False,
            )
        )
    if system.use_merit_bands and not system.bands.exists():
        items.append(
            ReadinessItem(
                "2.2",
                "Sono previste fasce di merito ma nessuna è definita: nessun premio sarebbe distribuito.",
                url,
                blocking=False,
            )
        )
    return items
