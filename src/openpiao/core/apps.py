import sqlite3

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _sqlite_limit(sender, connection, **kwargs) -> None:
    """Django 5.2 assumes SQLite's old limit of 999 values per query and splits every
    bulk_create at it (one INSERT per 39 objectives), so the writes that go in bulk (the plan's
    import, the roll-over, with their historical records) would still grow with the rows; SQLite
    allows 32,766 since 3.32, and the connection says its own (as Django 6.0 reads it)."""
    if connection.vendor == "sqlite":
        connection.features.max_query_params = connection.connection.getlimit(
            sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER
        )


class CoreConfig(AppConfig):
    name = "openpiao.core"
    verbose_name = "Funzioni comuni"

    def ready(self) -> None:
        connection_created.connect(_sqlite_limit, dispatch_uid="openpiao.core.sqlite_limit")
