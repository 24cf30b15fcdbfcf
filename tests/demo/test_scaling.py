"""Plans of other sizes and other enti made from the demo (openpiao.demo.scaling), for the
measures at national scale: the import takes them as it takes the demo."""

from collections import Counter
from decimal import Decimal

from openpiao.core.exchange import Audience
from openpiao.demo.scaling import as_comune, resized, sizes
from openpiao.organizations.comuni import find_comune
from openpiao.plans.json_document import export_plan, import_plan


def test_a_grown_plan_of_a_comune_is_imported_whole(casorate):
    document = export_plan(casorate, audience=Audience.BACKUP)
    grown = resized(document, 40)
    assert len(grown["objectives"]) == 40
    assert len({(o["unit"], o["number"]) for o in grown["objectives"]}) == 40
    before, after = Counter(), Counter()
    for objective in document["objectives"]:
        before[objective["unit"]] += Decimal(objective["weight"] or 0)
    for objective in grown["objectives"]:
        after[objective["unit"]] += Decimal(objective["weight"] or 0)
    assert all(abs(after[unit] - total) <= 1 for unit, total in before.items())  # rounded to cents

    comune = find_comune("018001")
    plan = import_plan(as_comune(grown, comune), source="prova")
    assert plan.organization.name == comune.official_name and plan.organization.istat_code == "018001"
    assert plan.objectives.count() == 40
    assert plan.reviews.count() > len(document["evaluation"]["reviews"])


def test_the_sizes_lean_to_small_plans():
    chosen = sizes(1000)
    assert min(chosen) >= 10 and max(chosen) <= 200
    assert sum(size < 105 for size in chosen) > 700
