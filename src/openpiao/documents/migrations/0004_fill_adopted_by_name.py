"""Copy the name of who adopted each frozen version, written before it was kept."""

from django.db import migrations


def person_name(user) -> str:
    # As core.models.person_name when this migration was written (historical models have no methods).
    full_name = f"{user.first_name} {user.last_name}".strip()
    return f"{full_name} ({user.username})" if full_name else user.username


def fill_names(apps, schema_editor):
    PlanVersion = apps.get_model("documents", "PlanVersion")
    # _base_manager: the model's own manager refuses updates of a frozen version; this one only
    # adds the name, never touching the data, the documents or their hashes.
    versions = PlanVersion._base_manager.filter(adopted_by_name="", created_by__isnull=False)
    for version_id, user in [(v.pk, v.created_by) for v in versions.select_related("created_by")]:
        PlanVersion._base_manager.filter(pk=version_id).update(adopted_by_name=person_name(user))


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_protect_versions_keep_author")]

    operations = [migrations.RunPython(fill_names, migrations.RunPython.noop)]
