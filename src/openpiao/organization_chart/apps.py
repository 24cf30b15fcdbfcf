from django.apps import AppConfig

from openpiao.core.registry import exchange_sections


class OrganizationChartConfig(AppConfig):
    name = "openpiao.organization_chart"
    verbose_name = "Struttura organizzativa"

    def ready(self) -> None:
        from . import exchange

        exchange_sections.register(self.label, exchange, position=10)  # its part of the plan JSON
