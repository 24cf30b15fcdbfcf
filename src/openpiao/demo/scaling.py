"""Plans of other sizes and other enti made from a demo plan's document, for the measures at
national scale (`generate_enti`, benchmarks/plan_size.py): the same rows as the demo, the
objectives repeated (with their indicators, phases, staff and reviews) up to the size asked."""

import copy
import random
from decimal import Decimal

from django.utils.text import slugify

from openpiao.organizations.comuni import Comune


def resized(document: dict, objectives: int) -> dict:
    """The document with `objectives` objectives: the demo's taken in turn, numbered again unit by
    unit, each carrying its reviews; weights shared so each unit's still add up as before."""
    document = copy.deepcopy(document)
    originals = document["objectives"]
    reviews: dict[tuple, list] = {}
    for review in document["evaluation"]["reviews"]:
        reviews.setdefault((review["unit"], review["objective"]), []).append(review)
    chosen = [originals[n % len(originals)] for n in range(objectives)]
    totals: dict[str, Decimal] = {}  # each unit's weights, in the demo and in the copies
    copied: dict[str, Decimal] = {}
    for objective in originals:
        totals[objective["unit"]] = totals.get(objective["unit"], 0) + _weight(objective)
    for objective in chosen:
        copied[objective["unit"]] = copied.get(objective["unit"], 0) + _weight(objective)
    numbers: dict[str, int] = {}
    new_objectives, new_reviews = [], []
    for original in chosen:
        unit = original["unit"]
        numbers[unit] = numbers.get(unit, 0) + 1
        objective = copy.deepcopy(original)
        objective["number"] = numbers[unit]
        if objective.get("weight") is not None and copied[unit]:
            share = totals[unit] / copied[unit]
            objective["weight"] = str((_weight(objective) * share).quantize(Decimal("0.01")))
        new_objectives.append(objective)
        for review in reviews.get((unit, original["number"]), []):
            new_reviews.append({**copy.deepcopy(review), "objective": numbers[unit]})
    document["objectives"] = new_objectives
    document["evaluation"]["reviews"] = new_reviews
    document["evaluation"].pop("scores", None)  # computed, not imported
    return document


def _weight(objective: dict) -> Decimal:
    return Decimal(objective["weight"] or 0)


def as_comune(document: dict, comune: Comune) -> dict:
    """The document as the plan of `comune`: its name, codes and province in the anagrafica."""
    document = copy.copy(document)
    document["organization"] = {**document["organization"], **anagrafica(comune)}
    return document


def anagrafica(comune: Comune) -> dict[str, str]:
    """The scheda anagrafica's fields a generated ente takes from its comune; the codes it has
    not (fiscal code, IPA) left empty rather than invented."""
    return {
        "slug": f"{slugify(comune.name)[:60]}-{comune.istat_code}",
        "name": comune.official_name,
        "province": comune.province,
        "istat_code": comune.istat_code,
        "cadastral_code": comune.cadastral_code,
        "tax_code": "",
        "vat_number": "",
        "ipa_code": "",
        "website": "",
        "email": "",
        "pec": "",
    }


def size_class(size: int, *, step: int = 10) -> int:
    """The plan size a generated ente takes: its size rounded to `step` objectives, so that a
    few plans imported once serve thousands of enti (openpiao.demo.cloning)."""
    return max(step, round(size / step) * step)


def sizes(count: int, *, smallest: int = 10, largest: int = 200, seed: int = 2026) -> list[int]:
    """`count` plan sizes between `smallest` and `largest` objectives, most of them small (as
    most comuni are): a triangular distribution leaning to the small end, repeatable by `seed`."""
    chance = random.Random(seed)
    return [round(chance.triangular(smallest, largest, smallest)) for _ in range(count)]
