from django.apps import AppConfig

from openpiao.core.registry import exchange_sections, rollover_parts


class HumanCapitalConfig(AppConfig):
    name = "openpiao.human_capital"
    verbose_name = "Organizzazione e capitale umano"

    def ready(self) -> None:
        from . import exchange, rollover

        exchange_sections.register(self.label, exchange, position=40)  # its part of the plan JSON
        rollover_parts.register(self.label, rollover.PART, position=40)  # what carries to the next plan
