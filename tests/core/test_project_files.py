"""The repository's own instructions hold: the README names only files that exist, and
`make postgres` gets PostgreSQL installed, created and started on a machine that lacks them.

The Makefile runs against stand-ins for the Debian programs (apt-get, the pg_* tools), which
record what they were asked to do; the machine's own PostgreSQL is never touched.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_names_only_files_of_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = set(re.findall(r"\]\(([^)#:]+)\)", readme))
    mentioned = set(re.findall(r"(?<![\w/.(-])([\w/.-]+\.md)\b", readme))
    missing = sorted(p for p in links | mentioned if not (ROOT / p).exists())
    assert not missing, f"Il README rimanda a file che non esistono: {missing}"
    assert "docs/design.md" in links


# Programs the Makefile may call: each stand-in logs its name and arguments.
CLUSTER = "15 main 5432 online postgres /var/lib/postgresql/15/main /var/log/pg.log\n"
STANDINS = {
    "apt-get": 'if [ "$1" = install ]; then cp "$STANDBY"/* "$BIN"/; echo "$CLUSTER" > "$STATE"; fi',
    "sudo": '"$@"',
}
POSTGRES_TOOLS = {
    "pg_lsclusters": 'cat "$STATE"',
    "pg_createcluster": 'echo "$CLUSTER" > "$STATE"',
    "pg_dropcluster": ': > "$STATE"',
    "pg_ctlcluster": 'touch "$READY"',
    "pg_isready": '[ -e "$READY" ]',
}
SYSTEM_TOOLS = ["ls", "wc", "awk", "seq", "sleep", "sort", "tail", "cat", "cp", "touch", "basename"]


def _write(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f'#!/bin/sh\necho "{name} $*" >> "$LOG"\n{body}\n', encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path):
    """A PATH with the stand-ins, and helpers to set what the machine has."""
    bin_dir, standby = tmp_path / "bin", tmp_path / "standby"
    bin_dir.mkdir()
    standby.mkdir()
    for name in SYSTEM_TOOLS:
        (bin_dir / name).symlink_to(shutil.which(name))
    for name, body in STANDINS.items():
        _write(bin_dir, name, body)
    for name, body in POSTGRES_TOOLS.items():
        _write(standby, name, body)
    env = {
        "PATH": str(bin_dir),
        "BIN": str(bin_dir),
        "STANDBY": str(standby),
        "LOG": str(tmp_path / "log"),
        "STATE": str(tmp_path / "clusters"),
        "READY": str(tmp_path / "ready"),
        "CLUSTER": CLUSTER.strip(),
    }
    (tmp_path / "clusters").write_text("")
    (tmp_path / "log").write_text("")

    class Machine:
        def install_postgres(self, *, cluster: bool, running: bool) -> None:
            for tool in standby.iterdir():
                shutil.copy(tool, bin_dir / tool.name)
            (tmp_path / "clusters").write_text(CLUSTER if cluster else "")
            if running:
                (tmp_path / "ready").touch()

        def make_postgres(self) -> tuple[int, list[str]]:
            result = subprocess.run(
                [shutil.which("make"), "-s", "-C", str(ROOT), "postgres", "SUDO=sudo"],
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            return result.returncode, (tmp_path / "log").read_text().splitlines()

    return Machine()


needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make non installato")


@needs_make
def test_make_postgres_installs_postgresql_when_it_is_missing(machine):
    status, calls = machine.make_postgres()
    assert status == 0
    install = next(c for c in calls if c.startswith("apt-get install"))
    assert install.split()[-1] == "postgresql"
    assert "sudo apt-get install -y -q --no-install-recommends postgresql" in calls
    assert any(c.startswith("pg_isready") for c in calls)


@needs_make
def test_make_postgres_creates_a_trust_cluster_where_there_is_none(machine):
    machine.install_postgres(cluster=False, running=False)
    status, calls = machine.make_postgres()
    assert status == 0
    assert not any(c.startswith("apt-get") for c in calls)
    created = next(c for c in calls if c.startswith("pg_createcluster"))
    assert created.startswith("pg_createcluster -p 5432 ")
    assert created.endswith(" main -- --auth-local=trust --auth-host=trust")
    assert "pg_ctlcluster --skip-systemctl-redirect 15 main start" in calls


@needs_make
@pytest.mark.parametrize("running", [False, True])
def test_make_postgres_only_starts_an_existing_cluster(machine, running):
    machine.install_postgres(cluster=True, running=running)
    status, calls = machine.make_postgres()
    assert status == 0
    assert not any(c.startswith(("apt-get", "pg_createcluster", "pg_dropcluster")) for c in calls)
    started = "pg_ctlcluster --skip-systemctl-redirect 15 main start" in calls
    assert started is not running
