"""The printed files leave the database for Django's storage (MEDIA_ROOT or S3).

Prints (PrintJob) are a cache: their bytes are dropped and the next request prints again. The
frozen versions' JSON, PDF and DOCX are moved, byte for byte, into stored files (RunPython: needed
for correctness on an installation that has adopted plans), then the columns holding them go.
"""

from django.core.files.base import ContentFile
from django.db import migrations, models

import openpiao.documents.models

FILES = {"data": "json", "pdf": "pdf", "docx": "docx"}


def move_versions_to_storage(apps, schema_editor):
    PlanVersion = apps.get_model("documents", "PlanVersion")
    for version in PlanVersion.objects.select_related("plan__organization").iterator(chunk_size=20):
        plan = version.plan
        stem = f"{plan.organization.slug}-{plan.kind.replace('_', '-')}-{plan.first_year}-{plan.first_year + 2}"
        for field, extension in FILES.items():
            content = bytes(getattr(version, f"{field}_blob"))
            getattr(version, field).save(f"{stem}.{extension}", ContentFile(content), save=False)
        PlanVersion.objects.filter(pk=version.pk).update(**{f: getattr(version, f).name for f in FILES})


def file_field(label):
    return models.FileField(
        label, upload_to=openpiao.documents.models._version_path, max_length=300, default=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0009_year_rollover_history_fit"),
    ]

    operations = [
        migrations.RemoveField(model_name="historicalprintjob", name="content"),
        migrations.RemoveField(model_name="printjob", name="content"),
        migrations.AddField(
            model_name="historicalprintjob",
            name="file",
            field=models.TextField(blank=True, max_length=300, verbose_name="file stampato"),
        ),
        migrations.AddField(
            model_name="printjob",
            name="file",
            field=models.FileField(
                blank=True,
                max_length=300,
                upload_to=openpiao.documents.models._print_path,
                verbose_name="file stampato",
            ),
        ),
        # The versions: the bytes kept aside, the files written, the bytes dropped.
        *(
            migrations.RenameField(model_name="planversion", old_name=field, new_name=f"{field}_blob")
            for field in FILES
        ),
        migrations.AddField("planversion", "data", file_field("dati del piano (JSON, dati aperti)")),
        migrations.AddField("planversion", "pdf", file_field("documento PDF/A")),
        migrations.AddField("planversion", "docx", file_field("documento DOCX")),
        migrations.RunPython(move_versions_to_storage, migrations.RunPython.noop),
        *(migrations.RemoveField(model_name="planversion", name=f"{field}_blob") for field in FILES),
        migrations.AlterField(
            model_name="planversion",
            name="data",
            field=models.FileField(
                max_length=300,
                upload_to=openpiao.documents.models._version_path,
                verbose_name="dati del piano (JSON, dati aperti)",
            ),
        ),
        migrations.AlterField(
            model_name="planversion",
            name="pdf",
            field=models.FileField(
                max_length=300, upload_to=openpiao.documents.models._version_path, verbose_name="documento PDF/A"
            ),
        ),
        migrations.AlterField(
            model_name="planversion",
            name="docx",
            field=models.FileField(
                max_length=300, upload_to=openpiao.documents.models._version_path, verbose_name="documento DOCX"
            ),
        ),
        # The historical records of a version: its file names from now on.
        *(migrations.RemoveField(model_name="historicalplanversion", name=field) for field in FILES),
        migrations.AddField(
            "historicalplanversion",
            "data",
            models.TextField(max_length=300, default="", verbose_name="dati del piano (JSON, dati aperti)"),
            preserve_default=False,
        ),
        migrations.AddField(
            "historicalplanversion",
            "pdf",
            models.TextField(max_length=300, default="", verbose_name="documento PDF/A"),
            preserve_default=False,
        ),
        migrations.AddField(
            "historicalplanversion",
            "docx",
            models.TextField(max_length=300, default="", verbose_name="documento DOCX"),
            preserve_default=False,
        ),
    ]
