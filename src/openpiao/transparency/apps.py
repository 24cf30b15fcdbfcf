from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TransparencyConfig(AppConfig):
    name = "openpiao.transparency"
    verbose_name = "Trasparenza"

    def ready(self) -> None:
        from .catalogue import load_catalogue

        post_migrate.connect(load_catalogue, sender=self)
