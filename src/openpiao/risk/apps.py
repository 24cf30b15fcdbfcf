from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RiskConfig(AppConfig):
    name = "openpiao.risk"
    verbose_name = "Rischi corruttivi"

    def ready(self) -> None:
        from .catalogue import load_catalogue

        post_migrate.connect(load_catalogue, sender=self)
