"""The demo database every benchmark runs on: its own SQLite in a temporary folder, loaded
with the demo comuni, removed afterwards, so a benchmark never touches the developer's data."""

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


@contextmanager
def demo_database() -> Iterator[Path]:
    """Set Django up on a fresh demo database; yields the temporary folder (free for files)."""
    folder = tempfile.mkdtemp(prefix="openpiao-bench-")
    os.environ["OPENPIAO_VAR_DIR"] = folder
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpiao.settings")
    # Measured as production runs (DEBUG off), with a key of its own: the database is thrown away.
    os.environ.setdefault("SECRET_KEY", "solo-per-le-misure-" + "x" * 40)
    try:
        import django
        from django.conf import settings

        # Static files named as in development (no collectstatic for a throw-away database): the
        # manifest storage of production would refuse every page without its manifest.
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        with open(os.devnull, "w") as quiet:
            call_command("load_demo", stdout=quiet)
        yield Path(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class Undo(Exception):
    """Raised at the end of a measured run to roll back what it wrote, so every run starts from
    the same data."""


def run_on_demo(description: str, measure: Callable[[int], None]) -> None:
    """`measure(runs)` on a fresh demo database, with `--runs` from the command line."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with demo_database():
        measure(args.runs)
