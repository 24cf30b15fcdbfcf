from django.apps import AppConfig

from openpiao.core.registry import exchange_sections, kept_on_replace, rollover_parts


class EvaluationConfig(AppConfig):
    name = "openpiao.evaluation"
    verbose_name = "Misurazione e valutazione della performance"

    def ready(self) -> None:
        from . import exchange, rollover

        exchange_sections.register(self.label, exchange, position=30)  # its part of the plan JSON
        rollover_parts.register(self.label, rollover.PART, position=30)  # what carries to the next plan
        kept_on_replace.register(self.label, exchange.keep_personal_rows, position=30)
