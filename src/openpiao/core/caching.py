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

Reading a large result back costs more than the page around it (a 200-objective scorecard holds
some 4,900 model instances, each with the querysets of its prefetched rows: a third of a second
to unpickle), so
- each process also keeps the last few results it read or computed (`LOCAL_ENTRIES`), under the
  same key: while the ente's data are unchanged, the next view in that process reads nothing
  back; the stamp still comes from the database, so a write on another server is seen at once;
- the shared cache stores the result pickled with its prefetched rows as plain lists
  (`Prefetched`: what the pages read, `.all()`, `.count()`, iteration), not as querysets with
  their SQL, so reading it back costs a tenth at the demo's size.
"""

import io
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from .models import DataStamp

__all__ = ["Prefetched", "bump_stamp", "cached_for_plan", "data_stamp"]

T = TypeVar("T")
TIMEOUT = 24 * 60 * 60  # seconds: an entry outlives its day only by accident
LOCAL_ENTRIES = 8  # results each process keeps in memory, the most recently used
FORMAT = "v2"  # in the key: a new way of storing never reads the old one

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
        result = pickle.loads(stored)
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


class Prefetched(list):
    """A model instance's prefetched rows, as the shared cache gives them back: a list that
    answers what pages ask of a prefetched relation (`.all()`, `.count()`, `.exists()`,
    `.first()`, `.last()`); anything else is a query the cached result cannot answer."""

    def all(self):
        return self

    def count(self) -> int:
        return len(self)

    def exists(self) -> bool:
        return bool(self)

    def first(self):
        return self[0] if self else None

    def last(self):
        return self[-1] if self else None

    def __getattr__(self, name):
        raise AttributeError(f"prefetched rows read from the cache cannot run .{name}(): query them again")


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        if isinstance(obj, QuerySet) and obj._result_cache is not None:
            return (Prefetched, (obj._result_cache,))
        return NotImplemented


def dumps(result) -> bytes:
    out = io.BytesIO()
    _Pickler(out, pickle.HIGHEST_PROTOCOL).dump(result)
    return out.getvalue()
