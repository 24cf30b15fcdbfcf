"""A load benchmark against the production server: gunicorn (gunicorn.conf.py, sync workers) on a
PostgreSQL database with many enti (`manage.py generate_enti N`), one or more versions of the code
side by side in one run.

    .venv/bin/python benchmarks/load.py --database-url postgres://postgres@127.0.0.1:5432/openpiao_scale \\
        [--code nuovo=src --code 9ecd839=/tmp/old/src] [--users 50,200] [--think 3] [--duration 120] \\
        [--saturate 8] [--saturate-duration 60] [--rounds 2] [--enti 200] [--workers 4]

For every version (`--code NAME=SRC`, the folder holding the `openpiao` package; default this
checkout) it collects the static files into a temporary folder and starts gunicorn with
`--workers` sync workers on its own port, then runs
- the users: `--users` simulated people (threads with their own keep-alive connection and
  session), each in one of `--enti` enti chosen evenly over the database, each asking for a
  page of the mix (PAGES, the same weight each) and waiting a think time of `--think` seconds
  on average (uniform between half and one and a half of it), for `--duration` seconds;
- the saturation: `--saturate` people with no think time for `--saturate-duration` seconds, the
  versions taken in turn for `--rounds` rounds, so that a change of the machine's load falls on
  both.
It prints, by version and scenario, p50/p95/p99 per kind of page, errors, throughput, and the
CPU seconds the gunicorn workers spent per request (read from /proc: the fair figure on a shared
machine; PostgreSQL's own CPU is not in it), with the machine's load average.

The people are users `carico-NNN` made for the run with the role of segretario in their ente,
signed in by a session written in the database (no password). The database is only read by the
pages; nothing else in it changes.
"""

import argparse
import http.client
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# The page mix of benchmarks/plan_size.py: (kind of page, path under the plan).
from plan_size import PAGES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), required=False)
    parser.add_argument("--code", action="append", help="NAME=SRC, repeatable (default: this checkout)")
    parser.add_argument("--users", default="50,200", help="people at once, comma separated")
    parser.add_argument("--think", type=float, default=3.0, help="seconds between a person's requests")
    parser.add_argument("--duration", type=float, default=120, help="seconds for each number of users")
    parser.add_argument("--saturate", type=int, default=8, help="people with no think time (0: none)")
    parser.add_argument("--saturate-duration", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the saturation")
    parser.add_argument("--enti", type=int, default=200, help="enti the people are spread over")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8140, help="first port (one per version)")
    args = parser.parse_args()
    if not (args.database_url or "").startswith("postgres"):
        parser.error("serve a PostgreSQL database: --database-url postgres://…")
    codes = [c.split("=", 1) for c in (args.code or [f"attuale={ROOT / 'src'}"])]
    secret = "solo-per-le-misure-di-carico-" + secrets.token_urlsafe(30)
    os.environ.update(
        DATABASE_URL=args.database_url, SECRET_KEY=secret, DJANGO_SETTINGS_MODULE="openpiao.settings"
    )
    users = [int(n) for n in args.users.split(",") if n.strip()]
    people = prepare(max([*users, args.saturate]), args.enti)
    servers = []
    try:
        for n, (name, src) in enumerate(codes):
            servers.append(Server(name, Path(src), args.port + n, args.workers, args.database_url, secret))
        for server in servers:
            server.wait()
        print(
            f"{len(people)} persone in {len({p[0] for p in people})} enti; {args.workers} worker sync per "
            f"versione; {os.cpu_count()} core; carico medio all'inizio {_load()}"
        )
        for server in servers:
            warm(server, people)
        for count in users:
            for server in servers:
                run(server, people[:count], think=args.think, duration=args.duration, label=f"{count} utenti")
        if args.saturate:
            totals = defaultdict(list)
            for round_ in range(1, args.rounds + 1):
                for server in servers:
                    result = run(
                        server,
                        people[: args.saturate],
                        think=0,
                        duration=args.saturate_duration,
                        label=f"saturazione, {args.saturate} utenti senza attesa, giro {round_}",
                    )
                    totals[server.name].append(result)
            print("\nSaturazione (richieste al secondo per giro; CPU dei worker per richiesta):")
            for name, results in totals.items():
                rates = ", ".join(f"{r['rate']:.1f}" for r in results)
                cpu = statistics.mean(r["cpu_per_request"] for r in results) * 1000
                print(f"- {name}: {rates} richieste/s; {cpu:.0f} ms di CPU per richiesta")
        print(f"\nCarico medio alla fine: {_load()}")
    finally:
        for server in servers:
            server.stop()


def prepare(count: int, enti: int) -> list[tuple[str, str, int]]:
    """`count` people (slug, session key, plan year), each a segretario of one of `enti` enti
    chosen evenly over the database's enti with a plan."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from openpiao.organizations.models import Membership
    from openpiao.plans.models import Plan

    plans = list(
        Plan.objects.order_by("organization_id", "first_year").values_list(
            "organization_id", "organization__slug", "first_year"
        )
    )
    first = {}
    for organization_id, slug, year in plans:
        first.setdefault(organization_id, (slug, year))
    chosen = list(first.items())
    step = max(1, len(chosen) // max(1, enti))
    chosen = chosen[::step][:enti]
    people = []
    User = get_user_model()
    for n in range(count):
        organization_id, (slug, year) = chosen[n % len(chosen)]
        user, _ = User.objects.get_or_create(username=f"carico-{n:03d}", defaults={"first_name": "Carico"})
        Membership.objects.get_or_create(
            user=user, organization_id=organization_id, defaults={"role": "secretary"}
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "openpiao.organizations.backends.PasswordBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people.append((slug, session.session_key, year))
    return people


class Server:
    def __init__(self, name: str, src: Path, port: int, workers: int, database_url: str, secret: str):
        self.name, self.port = name, port
        self.folder = tempfile.mkdtemp(prefix=f"openpiao-load-{name}-")
        env = {
            **os.environ,
            "PYTHONPATH": str(src),
            "DATABASE_URL": database_url,
            "SECRET_KEY": secret,
            "OPENPIAO_VAR_DIR": self.folder,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_ACCESS_LOG": "0",
            "GUNICORN_LOG_LEVEL": "warning",
            "SECURE_COOKIES": "0",
        }
        env.pop("DJANGO_DEBUG", None)
        python = sys.executable
        subprocess.run(
            [
                python,
                "-c",
                "import django; django.setup(); from django.core.management import call_command; "
                "call_command('collectstatic', interactive=False, verbosity=0)",
            ],
            env=env,
            check=True,
        )
        gunicorn = str(Path(python).parent / "gunicorn")
        self.process = subprocess.Popen(
            [gunicorn, "-c", str(src.parent / "gunicorn.conf.py")],
            env=env,
            cwd=src.parent,
            start_new_session=True,
        )

    def wait(self) -> None:
        for _ in range(120):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/salute/")
                if connection.getresponse().status in (200, 503):
                    return
            except OSError:
                pass
            time.sleep(1)
        raise SystemExit(f"{self.name}: il server non risponde sulla porta {self.port}")

    def worker_cpu(self) -> float:
        """CPU seconds (user + system) of the gunicorn workers: those alive now, and those the
        master has reaped (recycled after `max_requests`: its cutime and cstime)."""
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            master = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        total = int(master[13]) + int(master[14])  # cutime, cstime: the workers that ended
        for child in children:
            try:
                fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
            except OSError:
                pass
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def warm(server: Server, people) -> None:
    """Each page once for the first enti, so that the first measures are not the workers' start."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    for slug, session, year in people[:4]:
        for _, path in PAGES:
            _get(connection, f"/enti/{slug}/piani/{year}/{path}", session)


def _get(connection, url: str, session: str) -> int:
    connection.request("GET", url, headers={"Cookie": f"sessionid={session}", "Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    return response.status


def run(server: Server, people, *, think: float, duration: float, label: str) -> dict:
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop_at = time.monotonic() + duration
    cpu_before = server.worker_cpu()

    def person(slug: str, session: str, year: int, seed: int) -> None:
        chance = random.Random(seed)
        if think:
            time.sleep(chance.uniform(0, think))  # people do not all arrive at once
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        while time.monotonic() < stop_at:
            kind, path = chance.choice(PAGES)
            start = time.perf_counter()
            try:
                status = _get(connection, f"/enti/{slug}/piani/{year}/{path}", session)
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            elapsed = time.perf_counter() - start
            with lock:
                times[kind].append(elapsed)
                if status != 200:
                    errors[kind] += 1
            if think:
                time.sleep(chance.uniform(think / 2, think * 1.5))
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=person, args=(*p, n), daemon=True) for n, p in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cpu = server.worker_cpu() - cpu_before
    count = sum(len(t) for t in times.values())
    result = {"rate": count / elapsed, "cpu_per_request": cpu / max(count, 1)}
    print(
        f"\n### {server.name}: {label} ({elapsed:.0f} s, {count} richieste, "
        f"{count / elapsed:.1f} al secondo, {sum(errors.values())} errori, "
        f"CPU dei worker {1000 * result['cpu_per_request']:.0f} ms per richiesta, "
        f"carico medio {_load()})\n"
    )
    print("| pagina | richieste | p50 ms | p95 ms | p99 ms | errori |")
    print("|---|---|---|---|---|---|")
    everything = []
    for kind, _ in PAGES:
        values = sorted(times.get(kind, []))
        everything += values
        if values:
            print(
                f"| {kind} | {len(values)} | {_pct(values, 50)} | {_pct(values, 95)} | "
                f"{_pct(values, 99)} | {errors[kind]} |"
            )
    everything.sort()
    if everything:
        print(
            f"| tutte | {len(everything)} | {_pct(everything, 50)} | {_pct(everything, 95)} | "
            f"{_pct(everything, 99)} | {sum(errors.values())} |"
        )
    return result


def _pct(values: list[float], p: int) -> str:
    index = min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))
    return f"{values[index] * 1000:.0f}"


def _load() -> str:
    return ", ".join(f"{v:.1f}" for v in os.getloadavg())


if __name__ == "__main__":
    main()
