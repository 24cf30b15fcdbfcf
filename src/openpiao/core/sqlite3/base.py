"""Django's SQLite backend with the real limit of values per query.

Django 5.2 assumes SQLite's old limit of 999 values and splits every bulk_create into INSERTs
of 999 values (a kind with 25 columns: one INSERT per 39 rows), so the writes that go in bulk
(the plan's import, the roll-over, with their historical records) would still grow with the
rows. SQLite has allowed 32,766 since 3.32; the connection says its own, as Django 6.0 reads it.
"""

import sqlite3

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self) -> int:
        self.connection.ensure_connection()
        return self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
