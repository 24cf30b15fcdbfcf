from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PerformanceConfig(AppConfig):
    name = "openpiao.performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        from .catalogue import load_catalogue

        post_migrate.connect(load_catalogue, sender=self)
