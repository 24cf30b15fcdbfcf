"""Two plans of an ente compared (plan_diff over their open-data documents), with the fields
and coded values named as the models name them."""

from openpiao.core.exchange import Audience

from . import rollover
from .json_document import export_plan
from .plan_diff import KindDiff, diff_documents


def compare_plans(previous, plan) -> list[KindDiff]:
    """What changed from `previous` to `plan`: a fixed number of queries (two exports)."""
    return diff_documents(
        export_plan(previous, audience=Audience.PUBLIC),
        export_plan(plan, audience=Audience.PUBLIC),
        **_names(),
    )


def other_plan(plan, others: list, wanted: str | None):
    """The plan to compare with: the one asked for (`wanted`, its first year), else the latest
    before `plan`, else the first of `others`; None if the ente has no other plan."""
    if not others:
        return None
    earlier = [p for p in others if p.first_year < plan.first_year]
    default = max(earlier, key=lambda p: p.first_year) if earlier else others[0]
    return next((p for p in others if str(p.first_year) == wanted), default)


def _names() -> dict:
    """The Italian names of the fields of every row that carries to the next plan, and of their
    coded values."""
    fields = [
        f
        for part in rollover.parts()
        for carry in part.carries
        for f in carry.model._meta.get_fields()
        if getattr(f, "verbose_name", None) and not f.auto_created
    ]
    return {
        "labels": {f.name: str(f.verbose_name) for f in fields},
        "values": {  # only the fields with a list of choices (a reference's would read its table)
            (f.name, str(code)): str(label) for f in fields if f.choices for code, label in f.flatchoices
        },
    }
