"""A plan's computed results (scorecards, readiness) kept in Django's cache until its ente's
data change.

Every audited write (`core.audit.record`: `save_audited`, `delete_audited`, `save_rows`, the
imports, the roll-over, adoption) bumps the ente's `DataStamp` in the write's own transaction,
with UPDATE … SET version = version + 1: writers of one ente queue on that row, so the stamps follow
the order of the commits. A result is cached under the plan, the stamp and the day, and stored
only once the reading transaction commits (a rolled-back write's stamp is given again), so the
next read after a write computes it again on every server (the stamp is in the database) and an
old entry simply expires. The cache is local memory by default, Redis when configured
(settings: CACHE_URL / REDIS_URL).
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import DataStamp

__all__ = ["bump_stamp", "cached_for_plan", "data_stamp"]

T = TypeVar("T")
TIMEOUT = 24 * 60 * 60  # seconds: an entry outlives its day only by accident


def bump_stamp(organization_id: int) -> None:
    """One more write for the ente (inside the write's transaction)."""
    rows = DataStamp.objects.filter(organization_id=organization_id)
    if not rows.update(version=F("version") + 1):
        DataStamp.objects.bulk_create([DataStamp(organization_id=organization_id)], ignore_conflicts=True)
        rows.update(version=F("version") + 1)


def data_stamp(organization_id: int) -> int:
    stamps = DataStamp.objects.filter(organization_id=organization_id)
    return stamps.values_list("version", flat=True).first() or 0


def cached_for_plan(plan, name: str, compute: Callable[[], T], *parts) -> T:
    """`compute()`'s result for `plan`, from the cache while the ente's data are unchanged
    (one query for the stamp)."""
    key = ":".join(
        str(p)
        for p in ("openpiao", name, plan.pk, data_stamp(plan.organization_id), timezone.localdate(), *parts)
    )
    found = cache.get(key)
    if found is not None:
        return found
    result = compute()
    transaction.on_commit(lambda: cache.set(key, result, TIMEOUT))
    return result
