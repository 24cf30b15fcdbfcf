from django.apps import AppConfig

from openpiao.core.registry import exchange_sections


class HumanCapitalConfig(AppConfig):
    name = "openpiao.human_capital"
    verbose_name = "Organizzazione e capitale umano"

    def ready(self) -> None:
        from . import exchange

        exchange_sections.register(self.label, exchange, position=40)  # its part of the plan JSON
