from django.apps import AppConfig

from openpiao.core.registry import exchange_sections, invitation_grants, kept_on_replace, rollover_parts


class OrganizationChartConfig(AppConfig):
    name = "openpiao.organization_chart"
    verbose_name = "Struttura organizzativa"

    def ready(self) -> None:
        from . import exchange, rollover, services

        exchange_sections.register(self.label, exchange, position=10)  # its part of the plan JSON
        rollover_parts.register(self.label, rollover.PART, position=10)  # what carries to the next plan
        kept_on_replace.register(self.label, exchange.keep_unit_editors, position=10)  # who edits a unit
        invitation_grants.register(self.label, services.grant_invited_units, position=10)  # invited heads
