"""Copy the ente's and the user's names into the audit rows written before they were kept."""

from django.db import migrations
from django.db.models import Q


def person_name(user) -> str:
    # As core.models.person_name when this migration was written (historical models have no methods).
    full_name = f"{user.first_name} {user.last_name}".strip()
    return f"{full_name} ({user.username})" if full_name else user.username


def fill_names(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    events = AuditEvent.objects.filter(
        Q(organization_name="", organization__isnull=False) | Q(user_name="", user__isnull=False)
    ).select_related("organization", "user")
    for event in events.iterator(chunk_size=500):
        if event.organization_id and not event.organization_name:
            event.organization_name = event.organization.name
        if event.user_id and not event.user_name:
            event.user_name = person_name(event.user)
        event.save(update_fields=["organization_name", "user_name"])


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_rows_outlive_ente_and_user")]

    operations = [migrations.RunPython(fill_names, migrations.RunPython.noop)]
