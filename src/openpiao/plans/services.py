from django.db import transaction

from openpiao.core import audit
from openpiao.core.locking import save_if_unchanged

from .models import Plan


@transaction.atomic
def create_plan(*, form, user) -> Plan:
    plan = form.save()
    audit.record(organization=plan.organization, user=user, action="piano creato", obj=plan)
    return plan


@transaction.atomic
def update_plan(*, form, user) -> Plan:
    plan = form.instance
    save_if_unchanged(plan, form.cleaned_data["expected_version"], list(form.Meta.fields))
    audit.record(organization=plan.organization, user=user, action="piano modificato", obj=plan)
    return plan
