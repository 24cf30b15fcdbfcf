from django.apps import AppConfig

from openpiao.core.registry import exchange_sections, importers, plan_job_kinds, rollover_parts


class DocumentsConfig(AppConfig):
    name = "openpiao.documents"
    verbose_name = "Documenti"

    def ready(self) -> None:
        from . import jobs, rollover, text_exchange, workbook

        exchange_sections.register(self.label, text_exchange, position=70)  # its part of the plan JSON
        rollover_parts.register(self.label, rollover.PART, position=70)  # what carries to the next plan
        importers.register("xlsx", workbook.import_workbook_file, position=20)  # the import pages' workbook
        plan_job_kinds.register("adoption", jobs.ADOPTION, position=20)  # delibera, print and freeze
