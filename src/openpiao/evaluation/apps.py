from django.apps import AppConfig

from openpiao.core.registry import exchange_sections


class EvaluationConfig(AppConfig):
    name = "openpiao.evaluation"
    verbose_name = "Misurazione e valutazione della performance"

    def ready(self) -> None:
        from . import exchange

        exchange_sections.register(self.label, exchange, position=30)  # its part of the plan JSON
