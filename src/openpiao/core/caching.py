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

Reading a result back must cost less than the page around it, so
- a cached result is made of plain values (dataclasses, tuples, str, int, Decimal, date, ids:
  `evaluation.plain` for the scorecard), never model instances or querysets: a 200-objective
  scorecard of model instances, some 4,900 with their prefetched rows, took a third of a second
  to unpickle; `dumps` refuses them, `loads` reads them with the garbage collector paused;
- each process also keeps the last few results it read or computed (`LOCAL_ENTRIES`), under the
  same key: while the ente's data are unchanged, the next view in that process reads nothing
  back; the stamp still comes from the database, so a write on another server is seen at once.
"""

import gc
import io
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Model, QuerySet
from django.utils import timezone

from .models import DataStamp

__all__ = ["NotPlain", "bump_stamp", "cached_for_plan", "data_stamp", "dumps", "loads"]

T = TypeVar("T")
TIMEOUT = 24 * 60 * 60  # seconds: an entry outlives its day only by accident
LOCAL_ENTRIES = 8  # results each process keeps in memory, the most recently used
FORMAT = "v3"  # in the key: a new way of storing never reads the old one

_local: OrderedDict[str, object] = OrderedDict()
_local_lock = threading.Lock()


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
        for p in (
            "openpiao",
            FORMAT,
            name,
            plan.pk,
            data_stamp(plan.organization_id),
            timezone.localdate(),
            *parts,
        )
    )
    with _local_lock:
        if key in _local:
            _local.move_to_end(key)
            return _local[key]
    stored = cache.get(key)
    if stored is not None:
        result = loads(stored)
        _remember(key, result)
        return result
    result = compute()

    def store():
        cache.set(key, dumps(result), TIMEOUT)
        _remember(key, result)

    transaction.on_commit(store)
    return result


def _remember(key: str, result) -> None:
    with _local_lock:
        _local[key] = result
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def forget_local() -> None:
    """Empty this process's copies (the tests and the benchmarks, to read from the cache)."""
    with _local_lock:
        _local.clear()


class NotPlain(TypeError):
    """A result to cache holds a model instance or a queryset."""


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        if isinstance(obj, Model | QuerySet):
            raise NotPlain(
                f"{type(obj).__name__} in a cached result: cache plain values (see evaluation.plain)"
            )
        return NotImplemented


def loads(data: bytes):
    """`data` unpickled with the garbage collector paused: a large result is thousands of small
    objects, whose creation would otherwise set off collections of the whole heap (at 200
    objectives a scorecard reads back in a third of the time); none of them is garbage."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if paused:
            gc.enable()


def dumps(result) -> bytes:
    """`result` pickled; refused (`NotPlain`) if it holds a model instance or a queryset."""
    out = io.BytesIO()
    _Pickler(out, pickle.HIGHEST_PROTOCOL).dump(result)
    return out.getvalue()
