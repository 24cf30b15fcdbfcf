from django.apps import AppConfig

from openpiao.core.registry import importers


class PlansConfig(AppConfig):
    name = "openpiao.plans"
    verbose_name = "Piani"

    def ready(self) -> None:
        from . import import_jobs

        importers.register("json", import_jobs.import_json, position=10)  # the plan's JSON document
