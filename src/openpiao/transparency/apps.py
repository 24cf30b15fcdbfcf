from django.apps import AppConfig
from django.db.models.signals import post_migrate

from openpiao.core.registry import exchange_sections, rollover_parts


class TransparencyConfig(AppConfig):
    name = "openpiao.transparency"
    verbose_name = "Trasparenza"

    def ready(self) -> None:
        from . import exchange, rollover
        from .catalogue import load_catalogue

        post_migrate.connect(load_catalogue, sender=self)
        exchange_sections.register(self.label, exchange, position=60)  # its part of the plan JSON
        rollover_parts.register(self.label, rollover.PART, position=60)  # what carries to the next plan
