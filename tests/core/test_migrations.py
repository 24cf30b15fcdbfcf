"""The suite builds its database from the models (`--no-migrations` in pyproject.toml: applying
every migration took about 25 s per xdist worker before the first test). These tests keep the
migrations honest instead: they match the models, and they build the schema from nothing on the
database the suite runs on."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_migrations_match_the_models():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)  # exits 1 on a change


def test_the_migrations_build_every_table_from_nothing(migrated):
    assert migrated["missing"] == []
    assert migrated["risk_areas"] > 0  # the reference catalogues load after migrate
