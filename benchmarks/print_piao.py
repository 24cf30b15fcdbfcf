"""How long printing Casorate's PIAO takes, side by side in one run: the DOCX and the PDF/A as
the `print_plan` command makes them (a whole process, from the plan's data), and LibreOffice
headless converting that same DOCX to PDF (what an office would do). For each: wall time, CPU
time (user + system: what the machine's load does not inflate) and peak memory (RSS), the
median of the runs; the three are run in turn in every round, so a busy machine weighs on all
alike. Then page counts, and four pages rendered as PNG (cover, a scheda obiettivo, the 3.3
hiring-capacity page, a risk table) for a reviewer to look at.

    .venv/bin/python benchmarks/print_piao.py [--runs 3] [--out var/bench]

Uses its own SQLite database in a temporary folder, loaded with the demo, so it never touches
the developer's data. Goals (issue 12): the PDF in at most LibreOffice's time, peak memory of
the PDF under 250 MB.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from _demo import ROOT, demo_database

MEMORY_GOAL_MB = 250
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


def measured(command: list[str]) -> Measure:
    """Run `command`; its wall time, CPU time and peak RSS (of the process and its children)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(command)} non è riuscito: {process.stderr.read().decode()}")
    process.stderr.close()
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median(measures: list[Measure]) -> Measure:
    return Measure(*(statistics.median(getattr(m, f) for m in measures) for f in ("wall", "cpu", "rss_mb")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "var" / "bench"), help="folder of the files and PNGs")
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with demo_database() as folder:
        run(args.runs, folder, out)


def run(runs: int, folder: Path, out: Path) -> None:
    command = [sys.executable, str(ROOT / "manage.py"), "print_plan", "casorate-primo", "2024"]
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

    print(f"Stampa del PIAO 2024-2026 di Casorate Primo: mediana di {runs} esecuzioni, a turno")
    print(f"({os.cpu_count()} core, carico medio {os.getloadavg()[0]:.1f})\n")
    print(f"| {'':24} | tempo (s) | CPU (s) | memoria max (MB) | pagine |")
    print(f"|{'-' * 26}|-----------|---------|------------------|--------|")
    pages = {"DOCX (print_plan)": _pages(converted), "PDF/A (print_plan)": _pages(pdf)}
    pages["LibreOffice DOCX → PDF"] = _pages(converted)
    summary = {name: median(values) for name, values in results.items()}
    for name, m in summary.items():
        print(f"| {name:24} | {m.wall:9.2f} | {m.cpu:7.2f} | {m.rss_mb:16.0f} | {pages[name]:>6} |")
    print(f"\nFile: {docx} ({docx.stat().st_size // 1024} KiB), {pdf} ({pdf.stat().st_size // 1024} KiB)")
    pdf_m = summary["PDF/A (print_plan)"]
    print(f"Memoria del PDF sotto {MEMORY_GOAL_MB} MB: {'sì' if pdf_m.rss_mb < MEMORY_GOAL_MB else 'NO'}")
    if soffice:
        office_m = summary["LibreOffice DOCX → PDF"]
        for label, ours, theirs in (("tempo", pdf_m.wall, office_m.wall), ("CPU", pdf_m.cpu, office_m.cpu)):
            verdict = "raggiunto" if ours <= theirs else "NON raggiunto"
            print(f"PDF entro il {label} di LibreOffice: {verdict} ({ours / theirs:.2f}×)")
    else:
        print("LibreOffice (soffice) non installato: confronto saltato")
    print("\nPagine del PDF/A come immagini:")
    for path in _png_pages(pdf, out):
        print(f"  {path}")


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
