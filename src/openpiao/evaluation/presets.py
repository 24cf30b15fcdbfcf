"""Starting points for the SMVP parameters (presets.yaml): the defaults and worked examples."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db import models

from openpiao.core import yamlfiles

from .models import EvaluationSystem

PRESETS_FILE = Path(__file__).with_name("presets.yaml")
DEFAULT = "predefinito"


@dataclass(frozen=True)
class Preset:
    key: str
    title: str
    reference: str
    description: str
    values: dict
    criteria: list[dict]
    bands: list[dict]
    sources: list[str]


def _typed(values: dict) -> dict:
    """The YAML's numbers as the SMVP's decimal fields store them (Decimal, never float)."""
    decimals = {f.name for f in EvaluationSystem._meta.fields if isinstance(f, models.DecimalField)}
    return {k: Decimal(str(v)) if k in decimals else v for k, v in values.items()}


@cache
def presets() -> dict[str, Preset]:
    with open(PRESETS_FILE, encoding="utf-8") as handle:
        raw = yamlfiles.load(handle)
    result = {}
    for key, item in raw.items():
        criteria = item["criteria"]
        if isinstance(criteria, str):  # "predefinito": reuse another preset's criteria
            criteria = raw[criteria]["criteria"]
        result[key] = Preset(
            key=key,
            title=item["title"],
            reference=(item.get("reference") or "").strip(),
            description=item.get("description", ""),
            values=_typed(item["values"]),
            criteria=[
                {**c, "weight": Decimal(str(c.get("weight", 1))), "description": c.get("description", "")}
                for c in criteria
            ],
            bands=[
                {
                    **b,
                    "min_score": Decimal(str(b["min_score"])),
                    "coefficient": Decimal(str(b["coefficient"])),
                }
                for b in item.get("bands", [])
            ],
            sources=item.get("sources", []),
        )
    return result


def default_preset() -> Preset:
    return presets()[DEFAULT]
