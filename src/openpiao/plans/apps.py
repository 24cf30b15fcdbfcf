from django.apps import AppConfig

from openpiao.core.registry import importers, plan_job_kinds


class PlansConfig(AppConfig):
    name = "openpiao.plans"
    verbose_name = "Piani"

    def ready(self) -> None:
        from . import import_jobs, rollover

        importers.register("json", import_jobs.import_json, position=10)  # the plan's JSON document
        plan_job_kinds.register("rollover", rollover.JOB, position=10)  # the next plan, when large
