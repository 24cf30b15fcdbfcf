"""core.locking: a conditional UPDATE that saves like save() (auto_now fields too) or nothing."""

from datetime import datetime

import pytest
from django.utils import timezone

from openpiao.core.locking import StaleEdit, save_if_unchanged
from openpiao.plans.models import Plan

LONG_AGO = timezone.make_aware(datetime(2024, 1, 10, 9, 0))


def test_a_save_stamps_the_auto_now_fields_on_the_row_and_the_instance(casorate):
    Plan.objects.filter(pk=casorate.pk).update(updated_at=LONG_AGO)
    plan = Plan.objects.get(pk=casorate.pk)
    created = plan.created_at
    before = timezone.now()
    plan.title = "PIAO aggiornato"
    save_if_unchanged(plan, plan.version, ["title"])
    stored = Plan.objects.get(pk=plan.pk)
    assert stored.title == "PIAO aggiornato" and stored.version == casorate.version + 1
    assert stored.updated_at >= before and plan.updated_at == stored.updated_at
    assert stored.created_at == created  # auto_now_add is the creation's, not the edit's


def test_a_stale_save_writes_nothing_not_even_the_stamp(casorate):
    Plan.objects.filter(pk=casorate.pk).update(updated_at=LONG_AGO)
    plan = Plan.objects.get(pk=casorate.pk)
    plan.title = "PIAO aggiornato"
    with pytest.raises(StaleEdit):
        save_if_unchanged(plan, plan.version - 1, ["title"])
    stored = Plan.objects.get(pk=plan.pk)
    assert (stored.title, stored.updated_at, stored.version) == (casorate.title, LONG_AGO, casorate.version)
