"""A load benchmark against the production server: gunicorn (gunicorn.conf.py, sync workers) on a
PostgreSQL database with many enti (`manage.py generate_enti N`), one or more versions of the code
side by side in one run, with prints running as background jobs in a phase of each run.

    .venv/bin/python benchmarks/load.py --database-url postgres://postgres@127.0.0.1:5432/openpiao_scale \\
        [--code nuovo=src --code 9ecd839=/tmp/old/src] [--users 50,200] [--think 3] [--duration 120] \\
        [--saturate 8] [--saturate-duration 60] [--rounds 2] [--enti 200] [--workers 4] \\
        [--prints 4] [--warmup 30] [--tasks database|rq] [--redis-url redis://127.0.0.1:6379/1] \\
        [--task-workers 1] [--task-nice 0] [--print-timeout 600]

For every version (`--code NAME=SRC`, the folder holding the `openpiao` package; default this
checkout) it collects the static files into a temporary folder and starts gunicorn with
`--workers` sync workers on its own port, and `--task-workers` task workers of the `--tasks`
queue (`manage.py db_worker` of the database backend, or RQ's `rqworker` on `--redis-url`, which
then also holds Django's cache, as in production) sharing the server's files; then it runs
- the users: `--users` simulated people (threads with their own keep-alive connection and
  session), each in one of `--enti` enti chosen evenly over the database, each asking for a
  page of the mix (PAGES, the same weight each) and waiting a think time of `--think` seconds
  on average (uniform between half and one and a half of it), for `--duration` seconds.
  With `--prints N` (default 4; 0: no prints, one phase) the same people run three times:
  a warm-up of `--warmup` seconds (not measured: the enti's cached results are computed), a
  phase «con stampe» where N more people ask for prints, then, once the prints asked are
  finished, a phase «senza stampe» (last, so that its caches are the warmest: the comparison
  leans against the prints). A person printing asks in turn for the PIAO in PDF and in DOCX, a
  scheda obiettivo in PDF and in DOCX and the Relazione sulla performance in PDF and in DOCX,
  each time of another ente (so that no print is served from a stored one), as the pages do:
  the link of the print (a GET answered by a redirect to the progress page), the progress
  fragment polled every 2 seconds as htmx does until it is done, then the file; and waits a
  think time;
- the saturation: `--saturate` people with no think time for `--saturate-duration` seconds, the
  versions taken in turn for `--rounds` rounds, so that a change of the machine's load falls on
  both.
It prints, by version and scenario, p50/p95/p99 per kind of page, errors, throughput, and the
CPU seconds the gunicorn workers spent per request (read from /proc: the fair figure on a shared
machine; PostgreSQL's own CPU is not in it), with the machine's load average. With prints, it
also prints each page's p50/p95/p99 without and with prints and the criterion of issue 14
(prints as background jobs never delay a page by more than its p95: the p95 with prints at most
twice the p95 without, for every kind of page with at least MIN_SAMPLES requests in each phase
and for all together): met or not met, with a warning when the pages already queue without
prints (the comparison then measures the queue); the gunicorn CPU the web part of a print costs
(the request, the progress polls, the file); the print jobs finished, failed and not finished
in `--print-timeout`, per hour and per task-worker hour, their wait in the queue and their run
(from the Tasks API's results: enqueued, started, finished), the time a person waited for the
file; and the peak memory (VmHWM, sampled from /proc every half second) of each gunicorn
worker and each task worker (with RQ's work horses, one forked per job). The benchmark does not
depend on how the file is made (WeasyPrint or another engine): it follows the web pages.

The people are users `carico-NNN` (pages) and `carico-stampa-NN-<ente>` (prints) made for the run with
the role of segretario in their ente, signed in by a session written in the database (no
password). The pages only read the database; the prints add print jobs (and their files, in the
server's temporary folder), and those of the enti used are deleted before each phase with prints.
"""

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# The page mix of benchmarks/plan_size.py: (kind of page, path under the plan).
from plan_size import PAGES  # noqa: E402

# What a person printing asks for, in turn: (kind of print, path under the plan). `{objective}`
# is an objective of the ente's plan. The links of documenti/, of a scheda and of the Relazione.
PRINTS = [
    ("PIAO PDF", "documenti/stampa/pdf/"),
    ("PIAO DOCX", "documenti/stampa/docx/"),
    ("scheda PDF", "documenti/obiettivi/{objective}/stampa/pdf/"),
    ("scheda DOCX", "documenti/obiettivi/{objective}/stampa/docx/"),
    ("Relazione PDF", "documenti/stampa/pdf/?documento=relazione"),
    ("Relazione DOCX", "documenti/stampa/docx/?documento=relazione"),
]
FILE_STARTS = (b"%PDF", b"PK")  # a PDF, a DOCX (a ZIP)
POLL_EVERY = 2.0
# A p95 of fewer requests is their slowest one or so: such a page is listed but not judged.
MIN_SAMPLES = 20  # seconds, as the progress page's hx-trigger
TASK_WORKERS = {
    "database": ["db_worker", "--no-reload", "--no-startup-delay"],
    "rq": ["rqworker", "--job-class", "django_tasks_rq.Job", "default"],
}


@dataclass(frozen=True)
class Person:
    slug: str
    session: str
    year: int
    plan_id: int = 0
    objective_id: int = 0


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
    parser.add_argument(
        "--prints", type=int, default=4, help="people printing in the phase with prints (0: none)"
    )
    parser.add_argument("--warmup", type=float, default=30, help="seconds of warm-up before the phases")
    parser.add_argument("--tasks", choices=sorted(TASK_WORKERS), default="database", help="queue of the jobs")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1"),
        help="for --tasks rq",
    )
    parser.add_argument("--task-workers", type=int, default=1, help="task worker processes per version")
    parser.add_argument("--task-nice", type=int, default=0, help="niceness of the task workers")
    parser.add_argument("--print-timeout", type=float, default=600, help="seconds a person waits for a print")
    args = parser.parse_args()
    if not (args.database_url or "").startswith("postgres"):
        parser.error("serve a PostgreSQL database: --database-url postgres://…")
    codes = [c.split("=", 1) for c in (args.code or [f"attuale={ROOT / 'src'}"])]
    secret = "solo-per-le-misure-di-carico-" + secrets.token_urlsafe(30)
    queue = {"TASKS_BACKEND": args.tasks}
    if args.tasks == "rq":
        queue["REDIS_URL"] = args.redis_url
    os.environ.update(
        DATABASE_URL=args.database_url, SECRET_KEY=secret, DJANGO_SETTINGS_MODULE="openpiao.settings", **queue
    )
    users = [int(n) for n in args.users.split(",") if n.strip()]
    people, printers = prepare(max([*users, args.saturate]), args.enti, args.prints)
    if printers and args.tasks == "rq":
        import django_rq

        django_rq.get_queue("default").empty()  # jobs of an earlier run, whose prints are gone
    servers = []
    try:
        for n, (name, src) in enumerate(codes):
            servers.append(
                Server(name, Path(src), args.port + n, args.workers, args.database_url, secret, queue)
            )
        for server in servers:
            server.wait()
        print(
            f"{len(people)} persone in {len({p.slug for p in people})} enti; {args.workers} worker sync per "
            f"versione; {os.cpu_count()} core; carico medio all'inizio {_load()}"
        )
        if printers:
            print(
                f"Stampe: {len(printers)} persone, ciascuna in {min(len(e) for e in printers)}+ enti "
                f"a turno; "
                f"{args.task_workers} worker dei lavori ({args.tasks}, nice {args.task_nice}) per versione"
            )
        for server in servers:
            warm(server, people)
        for count in users:
            for server in servers:
                label = f"{count} utenti"
                if not printers:
                    run(server, people[:count], think=args.think, duration=args.duration, label=label)
                    continue
                # This version's task workers only: every version's would take jobs from the one queue.
                server.start_task_workers(args.tasks, args.task_workers, args.task_nice)
                if args.warmup:
                    run(
                        server,
                        people[:count],
                        think=args.think,
                        duration=args.warmup,
                        label=f"{label}, riscaldamento",
                    )
                forget_prints(printers)
                printing = run(
                    server,
                    people[:count],
                    think=args.think,
                    duration=args.duration,
                    label=f"{label}, con stampe",
                    printers=printers,
                    print_timeout=args.print_timeout,
                )
                quiet = run(
                    server,
                    people[:count],
                    think=args.think,
                    duration=args.duration,
                    label=f"{label}, senza stampe",
                )
                server.stop_task_workers()
                compare(server, label, quiet, printing, task_workers=args.task_workers)
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
        print("\nMemoria massima (VmHWM) per processo, in tutta la prova:")
        for server in servers:
            print(f"- {server.name}: {server.memory.summary()}")
        print(f"\nCarico medio alla fine: {_load()}")
    finally:
        for server in servers:
            server.stop()


def prepare(count: int, enti: int, printing: int) -> tuple[list[Person], list[list[Person]]]:
    """`count` people asking for pages, each a segretario of one of `enti` enti chosen evenly
    over the database's enti with a plan; and `printing` people asking for prints, each with its
    own share of those enti to print from in turn (a login, segretario, in each)."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from openpiao.organizations.models import Membership
    from openpiao.performance.models import Objective
    from openpiao.plans.models import Plan

    plans = list(
        Plan.objects.order_by("organization_id", "first_year").values_list(
            "organization_id", "organization__slug", "first_year", "pk"
        )
    )
    first = {}
    for organization_id, slug, year, plan_id in plans:
        first.setdefault(organization_id, (slug, year, plan_id))
    chosen = list(first.items())
    step = max(1, len(chosen) // max(1, enti))
    chosen = chosen[::step][:enti]
    User = get_user_model()

    def person(username: str, organization_id: int, slug: str, year: int, **rest) -> Person:
        user, _ = User.objects.get_or_create(username=username, defaults={"first_name": "Carico"})
        Membership.objects.get_or_create(
            user=user, organization_id=organization_id, defaults={"role": "secretary"}
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "openpiao.organizations.backends.PasswordBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return Person(slug, session.session_key, year, **rest)

    people = []
    for n in range(count):
        organization_id, (slug, year, _) = chosen[n % len(chosen)]
        people.append(person(f"carico-{n:03d}", organization_id, slug, year))
    # The people printing: one login per ente printed from (a segretario of each).
    objectives = {}
    for plan_id, objective_id in (
        Objective.objects.filter(plan_id__in=[c[1][2] for c in chosen])
        .order_by("plan_id", "pk")
        .values_list("plan_id", "pk")
    ):
        objectives.setdefault(plan_id, objective_id)
    printers = []
    for n in range(printing):
        printers.append([])
        for organization_id, (slug, year, plan_id) in chosen[n::printing]:
            if plan_id in objectives:
                printers[-1].append(
                    person(
                        f"carico-stampa-{n:02d}-{slug}"[:150],
                        organization_id,
                        slug,
                        year,
                        plan_id=plan_id,
                        objective_id=objectives[plan_id],
                    )
                )
    return people, [enti for enti in printers if enti]


def forget_prints(printers: list[list[Person]]) -> None:
    """The prints of the enti printed from, made by an earlier phase or run: gone, so that every
    print asked in the phase is printed by a worker (a print of the same data is served at once)."""
    from openpiao.documents.models import PrintJob

    PrintJob.objects.filter(plan_id__in={p.plan_id for enti in printers for p in enti}).delete()


class Memory:
    """The peak resident memory (VmHWM) of the processes of a role, sampled from /proc every half
    second: the gunicorn workers (children of the master, recycled ones included until they end)
    and the task workers with their children (RQ's work horse, forked for each job)."""

    def __init__(self, roots: dict[str, list[int]]):
        self.peaks: dict[str, dict[int, int]] = defaultdict(dict)
        self.commands: dict[int, str] = {}
        self.roots = roots
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            self.sample()

    def sample(self) -> None:
        with self._lock:
            for role, roots in list(self.roots.items()):
                # The gunicorn master's own memory is not a worker's; a task worker's is.
                pids = [] if role == "gunicorn" else list(roots)
                pids += [child for root in roots for child in _descendants(root)]
                for pid in pids:
                    kb = _vm_hwm(pid)
                    if kb:
                        self.peaks[role][pid] = max(kb, self.peaks[role].get(pid, 0))
                        self.commands.setdefault(pid, _command(pid))

    def summary(self) -> str:
        self.sample()
        parts = []
        names = {"gunicorn": "worker gunicorn", "tasks": "worker dei lavori (e figli)"}
        for role, peaks in self.peaks.items():
            # Not the short commands a process runs (ctypes' `ldconfig -p` finding a library).
            kept = sorted((kb, pid) for pid, kb in peaks.items() if kb >= 20 * 1024)
            if not kept:
                continue
            values = [kb for kb, _ in kept]
            commands = sorted({self.commands.get(pid, "?") for _, pid in kept})
            parts.append(
                f"{names[role]}: massimo {values[-1] / 1024:.0f} MB, "
                f"mediana {statistics.median(values) / 1024:.0f} MB su {len(values)} processi "
                f"({', '.join(commands)})"
            )
        return "; ".join(parts) or "non misurata"


def _descendants(pid: int) -> list[int]:
    found = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *_descendants(child)]
    return found


def _command(pid: int) -> str:
    """The process's command, shortened: `manage.py db_worker`, `rq:work-horse`, `gunicorn: worker`."""
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return "?"
    words = [Path(w).name if "/" in w else w for w in words if w and not w.startswith("-")]
    if "manage.py" in words:
        words = words[words.index("manage.py") :]
    return " ".join(words[:2])[:40]


def _vm_hwm(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class Server:
    def __init__(
        self, name: str, src: Path, port: int, workers: int, database_url: str, secret: str, queue: dict
    ):
        self.name, self.port, self.src = name, port, src
        self.folder = tempfile.mkdtemp(prefix=f"openpiao-load-{name}-")
        self.env = {
            **os.environ,
            **queue,
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
        self.env.pop("DJANGO_DEBUG", None)
        self.env.pop("MEDIA_ROOT", None)  # the server's and the task workers' files: the same folder
        python = sys.executable
        subprocess.run(
            [
                python,
                "-c",
                "import django; django.setup(); from django.core.management import call_command; "
                "call_command('collectstatic', interactive=False, verbosity=0)",
            ],
            env=self.env,
            check=True,
        )
        gunicorn = str(Path(python).parent / "gunicorn")
        self.process = subprocess.Popen(
            [gunicorn, "-c", str(src.parent / "gunicorn.conf.py")],
            env=self.env,
            cwd=src.parent,
            start_new_session=True,
        )
        self.task_workers: list[subprocess.Popen] = []
        self.memory = Memory({"gunicorn": [self.process.pid], "tasks": []})

    def start_task_workers(self, backend: str, count: int, nice: int) -> None:
        """The task workers, their output in the server's folder (task-worker-N.log)."""
        for n in range(count):
            log = open(Path(self.folder) / f"task-worker-{n}.log", "wb")  # noqa: SIM115 (closed by the process' end)
            command = [sys.executable, "manage.py", *TASK_WORKERS[backend]]
            if nice:
                command = ["nice", "-n", str(nice), *command]
            self.task_workers.append(
                subprocess.Popen(
                    command, env=self.env, cwd=self.src.parent, stdout=log, stderr=log, start_new_session=True
                )
            )
            self.memory.roots["tasks"].append(self.task_workers[-1].pid)

    def stop_task_workers(self) -> None:
        """Asked to stop (a job under way is finished first), then waited for."""
        self.memory.sample()
        for process in self.task_workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.task_workers:
            try:
                process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.task_workers = []
        self.memory.roots["tasks"] = []

    def wait(self) -> None:
        for _ in range(120):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/salute/")
                if connection.getresponse().status in (200, 503):
                    self.memory.start()
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

    def task_logs(self) -> str:
        """The end of the task workers' output, for a print that failed or never ended."""
        return "\n".join(
            p.read_text(errors="replace")[-3000:] for p in sorted(Path(self.folder).glob("task-worker-*.log"))
        )

    def stop(self) -> None:
        self.memory.stop()
        self.stop_task_workers()
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)  # static files, prints, the workers' logs


def warm(server: Server, people) -> None:
    """Each page once for the first enti, so that the first measures are not the workers' start."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    for person in people[:4]:
        for _, path in PAGES:
            _get(connection, f"/enti/{person.slug}/piani/{person.year}/{path}", person.session)


def _get(connection, url: str, session: str, headers=None) -> int:
    return _fetch(connection, url, session, headers)[0]


def _fetch(connection, url: str, session: str, headers=None) -> tuple[int, http.client.HTTPResponse, bytes]:
    connection.request(
        "GET", url, headers={"Cookie": f"sessionid={session}", "Host": "127.0.0.1", **(headers or {})}
    )
    response = connection.getresponse()
    body = response.read()
    return response.status, response, body


@dataclass
class Printed:
    """What one print asked for in a phase gave: the job's number (none if the file came at once),
    the time the person waited for the file, and what went wrong."""

    kind: str
    job_id: int | None = None
    waited: float = 0.0
    error: str = ""


@dataclass
class Printing:
    """The requests and prints of the people printing in a phase."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    prints: list[Printed] = field(default_factory=list)
    ended: float = 0.0


def print_one(person: Person, kind: str, path: str, *, timeout: float, record) -> Printed:
    """One print through the pages: the link (a redirect to the progress page, or the file at
    once), the progress fragment every 2 s until it is done, the file."""
    base = f"/enti/{person.slug}/piani/{person.year}/"
    started = time.perf_counter()
    result = Printed(kind)
    status, response, body = record("richiesta di stampa", base + path.format(objective=person.objective_id))
    if status == 200:  # served at once (the same data printed already), or printed in the request
        result.waited = time.perf_counter() - started
        if not body.startswith(FILE_STARTS):
            result.error = f"richiesta: non un file ({body[:20]!r})"
        return result
    location = (response.getheader("Location") or "") if status == 302 else ""
    match = re.search(r"/stampe/(\d+)/$", location)
    if not match:
        result.error = f"richiesta: HTTP {status}"
        return result
    result.job_id = int(match.group(1))
    progress = f"{base}documenti/stampe/{result.job_id}/"
    while True:
        time.sleep(POLL_EVERY)
        status, _, body = record("avanzamento", progress, {"HX-Request": "true"})
        if status != 200:
            result.error = f"avanzamento: HTTP {status}"
            return result
        page = body.decode("utf-8", "replace")
        if "hx-get" not in page:
            break
        if time.perf_counter() - started > timeout:
            result.error = f"non finita in {timeout:.0f} s"
            return result
    if "/file/" not in page:
        reason = re.search(r"non è riuscita</strong>:?\s*([^<]*)", page)
        result.error = "stampa non riuscita" + (f": {reason.group(1).strip()}" if reason else "")
        return result
    status, _, body = record("scarico del file", f"{progress}file/")
    result.waited = time.perf_counter() - started
    if status != 200 or not body.startswith(FILE_STARTS):
        result.error = f"file: HTTP {status}, {len(body)} byte"
    return result


def run(
    server: Server,
    people,
    *,
    think: float,
    duration: float,
    label: str,
    printers: list[list[Person]] = (),
    print_timeout: float = 600,
) -> dict:
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop_at = time.monotonic() + duration
    cpu_before = server.worker_cpu()
    printing = Printing()

    def person(who: Person, seed: int) -> None:
        chance = random.Random(seed)
        if think:
            time.sleep(chance.uniform(0, think))  # people do not all arrive at once
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        while time.monotonic() < stop_at:
            kind, path = chance.choice(PAGES)
            start = time.perf_counter()
            try:
                status = _get(connection, f"/enti/{who.slug}/piani/{who.year}/{path}", who.session)
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

    def printer(enti: list[Person], seed: int) -> None:
        """Prints in turn (PRINTS), each of the next ente, until the phase ends; the last one
        asked is followed to its end (up to `print_timeout`)."""
        chance = random.Random(seed)
        time.sleep(chance.uniform(0, max(think, 1)))
        connection = [http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)]

        def record(session: str, kind: str, url: str, headers=None):
            start = time.perf_counter()
            try:
                answer = _fetch(connection[0], url, session, headers)
            except (OSError, http.client.HTTPException):
                answer = (0, None, b"")
                connection[0].close()
                connection[0] = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            with lock:
                printing.times[kind].append(time.perf_counter() - start)
                if answer[0] not in (200, 302):
                    printing.errors[kind] += 1
            return answer

        n = seed
        while time.monotonic() < stop_at:
            who = enti[n % len(enti)]
            kind, path = PRINTS[n % len(PRINTS)]
            n += 1
            done = print_one(who, kind, path, timeout=print_timeout, record=partial(record, who.session))
            with lock:
                printing.prints.append(done)
            if think and time.monotonic() < stop_at:
                time.sleep(chance.uniform(think / 2, think * 1.5))
        connection[0].close()

    started = time.monotonic()
    threads = [threading.Thread(target=person, args=(p, n), daemon=True) for n, p in enumerate(people)]
    printing_threads = [
        threading.Thread(target=printer, args=(enti, n), daemon=True) for n, enti in enumerate(printers)
    ]
    for thread in threads + printing_threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cpu = server.worker_cpu() - cpu_before
    for thread in printing_threads:  # the prints asked before the end are followed to their end
        thread.join()
    printing.ended = time.monotonic() - started
    count = sum(len(t) for t in times.values())
    result = {
        "rate": count / elapsed,
        "cpu_per_request": cpu / max(count, 1),
        "cpu": cpu,
        "elapsed": elapsed,
        "times": times,
        "errors": errors,
        "duration": duration,
        "printing": printing,
    }
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
    for kind, values in printing.times.items():
        values = sorted(values)
        print(
            f"| (stampe) {kind} | {len(values)} | {_pct(values, 50)} | {_pct(values, 95)} | "
            f"{_pct(values, 99)} | {printing.errors[kind]} |"
        )
    return result


def compare(server: Server, label: str, quiet: dict, printing: dict, *, task_workers: int) -> None:
    """The pages without and with prints, the criterion of issue 14, the print jobs and memory."""
    print(f"\n### {server.name}: {label}, pagine senza e con stampe in background\n")
    print(
        "| pagina | richieste senza / con | senza: p50 ms | p95 | p99 | con stampe: p50 ms | p95 | p99 | "
        "ritardo del p95 ms | criterio (ritardo ≤ p95 senza) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    failed, unjudged = [], []
    rows = [(kind, quiet["times"].get(kind, []), printing["times"].get(kind, [])) for kind, _ in PAGES]
    rows.append(
        (
            "tutte",
            [t for v in quiet["times"].values() for t in v],
            [t for v in printing["times"].values() for t in v],
        )
    )
    for kind, without, with_ in rows:
        if not without or not with_:
            continue
        without, with_ = sorted(without), sorted(with_)
        delay = _p(with_, 95) - _p(without, 95)
        if min(len(without), len(with_)) < MIN_SAMPLES:
            unjudged.append(kind)
            verdict = f"meno di {MIN_SAMPLES} richieste"
        elif delay <= _p(without, 95):
            verdict = "sì"
        else:
            failed.append(kind)
            verdict = "**no**"
        print(
            f"| {kind} | {len(without)} / {len(with_)} | {_pct(without, 50)} | {_pct(without, 95)} | "
            f"{_pct(without, 99)} | {_pct(with_, 50)} | {_pct(with_, 95)} | {_pct(with_, 99)} | "
            f"{delay * 1000:+.0f} | {verdict} |"
        )
    errors = sum(quiet["errors"].values()) + sum(printing["errors"].values())
    verdict = "RISPETTATO" if not failed and not errors else "NON RISPETTATO"
    print(
        f"\nCriterio del problema 14 (le stampe in background non ritardano una pagina più del suo p95): "
        f"**{verdict}**"
        + (f" (oltre il limite: {', '.join(failed)})" if failed else "")
        + (f" ({errors} errori delle pagine)" if errors else "")
        + (f" (non giudicate, troppo poche richieste: {', '.join(unjudged)})" if unjudged else "")
    )
    everything = sorted(t for v in quiet["times"].values() for t in v)
    saturated = bool(everything) and _p(everything, 50) > 1
    if saturated:
        print(
            f"Attenzione: senza stampe metà delle pagine attende più di un secondo (p50 "
            f"{_pct(everything, 50)} ms): il server è saturo e le pagine aspettano in coda, quindi il "
            f"confronto misura la coda, non le stampe. Ripetere con meno utenti o su una macchina scarica."
        )
    asked = len(printing["printing"].prints)
    extra = printing["cpu"] / printing["elapsed"] - quiet["cpu"] / quiet["elapsed"]
    if asked and not saturated:  # saturated, the workers get what CPU the task workers leave
        print(
            f"CPU dei worker gunicorn: {quiet['cpu'] / quiet['elapsed']:.2f} s al secondo senza stampe, "
            f"{printing['cpu'] / printing['elapsed']:.2f} con stampe: la parte web delle stampe (richiesta, "
            f"avanzamento, file) costa circa {1000 * extra * printing['elapsed'] / asked:.0f} ms di CPU "
            f"per stampa chiesta."
        )
    report_prints(server, printing["printing"], task_workers=task_workers)
    print(f"\nMemoria massima fin qui: {server.memory.summary()}")


def report_prints(server: Server, printing: Printing, *, task_workers: int) -> None:
    """The print jobs of a phase: done, failed, lost; per hour; wait in the queue and run (the
    Tasks API's result of each job), and the time a person waited for the file."""
    from openpiao.documents.jobs import run_print_job
    from openpiao.documents.models import PrintJob, PrintStatus

    asked = printing.prints
    jobs = {j.pk: j for j in PrintJob.objects.filter(pk__in=[p.job_id for p in asked if p.job_id])}
    done = [
        p for p in asked if not p.error and p.job_id in jobs and jobs[p.job_id].status == PrintStatus.DONE
    ]
    at_once = [p for p in asked if not p.error and p.job_id is None]
    problems = defaultdict(int)
    for p in asked:
        if p.error:
            problems[f"{p.kind}: {p.error}"] += 1
    hours = printing.ended / 3600
    print(
        f"\nStampe chieste: {len(asked)}; finite dai worker: {len(done)}; servite subito (già "
        f"stampate o nella richiesta): {len(at_once)}; errori: {sum(problems.values())}. "
        f"In {printing.ended:.0f} s (fino all'ultima stampa finita): {len(done) / hours:.0f} stampe "
        f"all'ora, {len(done) / hours / task_workers:.0f} per ora di worker ({task_workers} worker)."
    )
    for problem, count in sorted(problems.items()):
        print(f"- {count} × {problem}")
    if problems:
        print(f"Registro dei worker dei lavori (fine):\n{server.task_logs()[-2000:]}")
    timings = defaultdict(lambda: defaultdict(list))
    for p in done:
        job = jobs[p.job_id]
        timings[p.kind]["persona"].append(p.waited)
        try:
            result = run_print_job.get_result(job.task_id)
        except Exception:  # the result expired or the backend keeps none: the person's wait only
            continue
        if result.enqueued_at and result.started_at and result.finished_at:
            timings[p.kind]["attesa"].append((result.started_at - result.enqueued_at).total_seconds())
            timings[p.kind]["esecuzione"].append((result.finished_at - result.started_at).total_seconds())
    print(
        "\n| stampa | finite | attesa in coda s: p50 | max | esecuzione s: p50 | max | "
        "la persona aspetta il file s: p50 | max |"
    )
    print("|---|---|---|---|---|---|---|---|")
    every = defaultdict(list)
    for kind, _ in PRINTS:
        measured = timings.get(kind)
        if not measured:
            continue
        for name, values in measured.items():
            every[name] += values
        print(
            f"| {kind} | {len(measured['persona'])} | {_seconds(measured, 'attesa')} | "
            f"{_seconds(measured, 'esecuzione')} | {_seconds(measured, 'persona')} |"
        )
    if every:
        print(
            f"| tutte | {len(every['persona'])} | {_seconds(every, 'attesa')} | "
            f"{_seconds(every, 'esecuzione')} | {_seconds(every, 'persona')} |"
        )


def _seconds(measured: dict, name: str) -> str:
    values = sorted(measured.get(name, []))
    if not values:
        return "– | –"
    return f"{statistics.median(values):.1f} | {values[-1]:.1f}"


def _p(values: list[float], p: int) -> float:
    """The p-th percentile of sorted `values` (nearest rank)."""
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))]


def _pct(values: list[float], p: int) -> str:
    return f"{_p(values, p) * 1000:.0f}"


def _load() -> str:
    return ", ".join(f"{v:.1f}" for v in os.getloadavg())


if __name__ == "__main__":
    main()
