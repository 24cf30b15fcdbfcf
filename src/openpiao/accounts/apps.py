from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openpiao.accounts"
    verbose_name = "Accesso"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (the second factor and the identity, at each sign-in)
