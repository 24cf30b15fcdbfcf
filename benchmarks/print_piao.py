"""How long printing Casorate's PIAO takes, side by side in one run: the DOCX and the PDF/A as
the `print_plan` command makes them (a whole process, from the plan's data), and LibreOffice
headless converting that same DOCX to PDF (what an office would do). For each: wall time, CPU
time (user + system: what the machine's load does not inflate) and peak memory (RSS), the
median of the runs; the three are run in turn in every round, so a busy machine weighs on all
alike. Then page counts, print jobs per worker-hour (3600 s over the CPU seconds of one job: a
worker is one core), and four pages rendered as PNG (cover, a scheda obiettivo, the 3.3
hiring-capacity page, a risk table) for a reviewer to look at. With `--objectives 200` the same
three jobs run again on Casorate's plan grown to 200 objectives (openpiao.demo.scaling).

    .venv/bin/python benchmarks/print_piao.py [--runs 3] [--out var/bench] [--objectives 200]

Each job is started by a small launcher process that waits for it: on Linux a child keeps the
peak memory of the process it was forked from, so a job forked from this one (which holds the
demo database) would report at least this process's memory. Two memory figures: the kernel's
peak of the largest process of the job, and the peak of the job's processes summed (sampled):
the PDF is compiled by Typst in a child process while `print_plan` still holds its own memory.

Uses its own SQLite database in a temporary folder, loaded with the demo, so it never touches
the developer's data. Goals (issue 12): the PDF in at most LibreOffice's time, peak memory of
the PDF under 250 MB; (issue 14) the PDF of a 200-objective plan under 400 MB.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from _demo import ROOT, demo_database

MEMORY_GOAL_MB = 250
LARGE_MEMORY_GOAL_MB = 400
# Started between this process and a job: it forks the job, waits for it and writes the job's
# wall time, CPU time, peak RSS (KiB; the kernel's figure: the largest of the job and the
# processes it waited for) and the peak of their RSS summed (KiB; sampled every 10 ms from
# /proc: the PDF is compiled in a child process while the job still holds its own memory) on its
# last line of standard error.
LAUNCHER = """
import os, sys, threading, time

def tree_rss(pid):
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next((int(l.split()[1]) for l in status if l.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending.extend(int(c) for c in children.read().split())
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total

start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
together, done = [0], threading.Event()

def sample():
    while not done.wait(0.01):
        together[0] = max(together[0], tree_rss(pid))

sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
_, status, usage = os.wait4(pid, 0)
done.set()
wall = time.perf_counter() - start
sys.stderr.write(f"\\n{wall} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss} {together[0]}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""
# Pages to look at, found by a phrase of their text (the first page that has it).
PAGES = {
    "copertina": None,  # page 1
    "scheda-obiettivo": "Obiettivo di miglioramento",
    "capacita-assunzionale": "capacità assunzionale",
    "tabella-rischi": "Giudizio sintetico",
}


@dataclass
class Measure:
    wall: float
    cpu: float
    rss_mb: float
    together_mb: float


def measured(command: list[str]) -> Measure:
    """Run `command`; its wall time, CPU time and peak RSS (of the process and its children)."""
    launched = [sys.executable, "-c", LAUNCHER, *command]
    done = subprocess.run(launched, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    errors = done.stderr.decode()
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} non è riuscito: {errors}")
    wall, cpu, rss_kib, together_kib = errors.strip().splitlines()[-1].split()
    return Measure(float(wall), float(cpu), int(rss_kib) / 1024, int(together_kib) / 1024)


def median(measures: list[Measure]) -> Measure:
    names = ("wall", "cpu", "rss_mb", "together_mb")
    return Measure(*(statistics.median(getattr(m, name) for m in measures) for name in names))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "var" / "bench"), help="folder of the files and PNGs")
    parser.add_argument(
        "--objectives", type=int, help="measure also Casorate's plan grown to this many objectives (e.g. 200)"
    )
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with demo_database() as folder:
        print(f"Stampa del PIAO 2024-2026 di Casorate Primo: mediana di {args.runs} esecuzioni, a turno")
        summary = run(args.runs, folder, out, "casorate-primo")
        pdf = summary["PDF/A (print_plan)"]
        print(f"Memoria del PDF sotto {MEMORY_GOAL_MB} MB: {_verdict(pdf, MEMORY_GOAL_MB)}")
        if (office := summary.get("LibreOffice DOCX → PDF")) is not None:
            for label, ours, theirs in (("tempo", pdf.wall, office.wall), ("CPU", pdf.cpu, office.cpu)):
                verdict = "raggiunto" if ours <= theirs else "NON raggiunto"
                print(f"PDF entro il {label} di LibreOffice: {verdict} ({ours / theirs:.2f}×)")
        else:
            print("LibreOffice (soffice) non installato: confronto saltato")
        print("\nPagine del PDF/A come immagini:")
        for path in _png_pages(out / "casorate-primo" / "piao.pdf", out):
            print(f"  {path}")
        if args.objectives:
            slug = _grown_plan(args.objectives)
            print(f"\nLo stesso piano con {args.objectives} obiettivi: mediana di {args.runs} esecuzioni")
            pdf = run(args.runs, folder, out, slug)["PDF/A (print_plan)"]
            print(f"Memoria del PDF sotto {LARGE_MEMORY_GOAL_MB} MB: {_verdict(pdf, LARGE_MEMORY_GOAL_MB)}")


def _verdict(pdf: Measure, goal_mb: int) -> str:
    """The goal read on the largest process and on the job's processes together."""
    largest = "sì" if pdf.rss_mb < goal_mb else "NO"
    together = "sì" if pdf.together_mb < goal_mb else "NO"
    return (
        f"{largest} per il processo più grande ({pdf.rss_mb:.0f}), "
        f"{together} per i processi insieme ({pdf.together_mb:.0f})"
    )


def _grown_plan(objectives: int) -> str:
    """Casorate's plan grown to `objectives` objectives, imported as a new ente; its slug."""
    from openpiao.core.exchange import Audience
    from openpiao.demo.scaling import resized
    from openpiao.plans.json_document import export_plan, import_plan
    from openpiao.plans.models import Plan

    source = Plan.objects.get(organization__slug="casorate-primo", first_year=2024)
    document = resized(export_plan(source, audience=Audience.BACKUP), objectives)
    grown = import_plan(document, slug="casorate-grande")
    return grown.organization.slug


def run(runs: int, folder: Path, out: Path, slug: str) -> dict[str, Measure]:
    """DOCX, PDF and LibreOffice's PDF of the plan of `slug`, measured in turn; the medians."""
    command = [sys.executable, str(ROOT / "manage.py"), "print_plan", slug, "2024"]
    out = out / slug
    out.mkdir(exist_ok=True)
    docx, pdf = out / "piao.docx", out / "piao.pdf"
    office = out / "libreoffice"
    converted = office / "piao.pdf"
    soffice = shutil.which("soffice")
    jobs = {
        "DOCX (print_plan)": [*command, "--format", "docx", "-o", str(docx)],
        "PDF/A (print_plan)": [*command, "--format", "pdf", "-o", str(pdf)],
    }
    if soffice:
        profile = f"-env:UserInstallation=file://{folder}/lo-profile"
        jobs["LibreOffice DOCX → PDF"] = [
            soffice,
            "--headless",
            profile,
            "--convert-to",
            "pdf",
            "--outdir",
            str(office),
            str(docx),
        ]
        # LibreOffice's first start creates its profile: not part of a conversion.
        subprocess.run(jobs["DOCX (print_plan)"], check=True, capture_output=True)
        subprocess.run(jobs["LibreOffice DOCX → PDF"], check=True, capture_output=True)
    results: dict[str, list[Measure]] = {name: [] for name in jobs}
    for _ in range(runs):
        for name, job in jobs.items():
            results[name].append(measured(job))

    print(f"({os.cpu_count()} core, carico medio {os.getloadavg()[0]:.1f} alla fine)\n")
    columns = ("tempo (s)", "CPU (s)", "memoria max (MB)", "insieme (MB)", "pagine", "stampe per ora-worker")
    print(f"| {'':24} | {' | '.join(columns)} |")
    print(f"|{'-' * 26}|{'|'.join('-' * (len(c) + 2) for c in columns)}|")
    pages = {"DOCX (print_plan)": _pages(converted), "PDF/A (print_plan)": _pages(pdf)}
    pages["LibreOffice DOCX → PDF"] = _pages(converted)
    summary = {name: median(values) for name, values in results.items()}
    for name, m in summary.items():
        figures = (
            f"{m.wall:9.2f} | {m.cpu:7.2f} | {m.rss_mb:16.0f} | {m.together_mb:12.0f} | {pages[name]:>6} | "
            f"{3600 / m.cpu:21.0f}"
        )
        print(f"| {name:24} | {figures} |")
    print(f"\nFile: {docx} ({docx.stat().st_size // 1024} KiB), {pdf} ({pdf.stat().st_size // 1024} KiB)")
    return summary


def _pages(path: Path) -> str:
    if not shutil.which("pdfinfo") or not path.exists():
        return "?"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def _png_pages(pdf: Path, out: Path) -> list[Path]:
    if not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
        print("  pdftoppm/pdftotext (poppler-utils) non installati")
        return []
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    texts = [" ".join(page.split()).lower() for page in text.split("\f")]
    written = []
    for name, phrase in PAGES.items():
        number = (
            1
            if phrase is None
            else next((i + 1 for i, page in enumerate(texts) if i > 1 and phrase.lower() in page), None)
        )
        if number is None:
            print(f"  nessuna pagina con «{phrase}»")
            continue
        stem = out / f"pagina-{number:03d}-{name}"
        subprocess.run(
            [
                "pdftoppm",
                "-f",
                str(number),
                "-l",
                str(number),
                "-r",
                "70",
                "-png",
                "-singlefile",
                str(pdf),
                stem,
            ],
            check=True,
        )
        written.append(stem.with_suffix(".png"))
    return written


if __name__ == "__main__":
    main()
