from django.apps import AppConfig

from openpiao.core.registry import exchange_sections, kept_on_replace


class EvaluationConfig(AppConfig):
    name = "openpiao.evaluation"
    verbose_name = "Misurazione e valutazione della performance"

    def ready(self) -> None:
        from . import exchange

        exchange_sections.register(self.label, exchange, position=30)  # its part of the plan JSON
        kept_on_replace.register(self.label, exchange.keep_personal_rows, position=30)
