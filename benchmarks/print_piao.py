"""How long printing Casorate's PIAO takes: DOCX and PDF/A, whole process and in-process,
and the DOCX converted to PDF by LibreOffice headless (what an office would do) for comparison.

    .venv/bin/python benchmarks/print_piao.py [--runs 5]

Uses its own SQLite database in a temporary folder, loaded with the demo, so it never touches
the developer's data. Prints the median of each measure. Goal (issue 6): DOCX under 1 s and PDF
under 5 s on a 2-core machine.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _demo import ROOT, demo_database


def timed(function, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with demo_database() as folder:
        run(args.runs, folder)


def run(runs: int, folder: Path) -> None:
    from openpiao.core.printing.render_docx import render_docx
    from openpiao.core.printing.render_pdf import render_pdf
    from openpiao.documents.builder import build_document
    from openpiao.plans.models import Plan

    plan = Plan.objects.select_related("organization").get(
        organization__slug="casorate-primo", first_year=2024
    )
    env = {**os.environ}
    command = [sys.executable, str(ROOT / "manage.py"), "print_plan", "casorate-primo", "2024"]

    print(
        f"Stampa del PIAO 2024-2026 di Casorate Primo, mediana di {runs} esecuzioni ({os.cpu_count()} core)"
    )
    build, _ = timed(lambda: build_document(plan), runs)
    print(f"  costruzione del documento (blocchi)      {build:6.2f} s")
    docx_in, docx = timed(lambda: render_docx(build_document(plan)), runs)
    print(f"  DOCX nel processo                        {docx_in:6.2f} s  ({len(docx) / 1024:.0f} KiB)")
    pdf_in, pdf = timed(lambda: render_pdf(build_document(plan)), runs)
    print(f"  PDF/A nel processo                       {pdf_in:6.2f} s  ({len(pdf) / 1024:.0f} KiB)")

    docx_path, pdf_path = folder / "piao.docx", folder / "piao.pdf"
    docx_cmd, _ = timed(
        lambda: subprocess.run(
            [*command, "--format", "docx", "-o", str(docx_path)], env=env, check=True, capture_output=True
        ),
        runs,
    )
    print(f"  DOCX con il comando print_plan           {docx_cmd:6.2f} s")
    pdf_cmd, _ = timed(
        lambda: subprocess.run(
            [*command, "--format", "pdf", "-o", str(pdf_path)], env=env, check=True, capture_output=True
        ),
        runs,
    )
    print(f"  PDF/A con il comando print_plan          {pdf_cmd:6.2f} s  ({_pages(pdf_path)} pagine)")

    if shutil.which("soffice"):
        office = folder / "lo"
        converted = office / "piao.pdf"
        soffice, _ = timed(
            lambda: subprocess.run(
                [
                    "soffice",
                    "--headless",
                    f"-env:UserInstallation=file://{folder}/lo-profile",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(office),
                    str(docx_path),
                ],
                check=True,
                capture_output=True,
            ),
            runs,
        )
        print(f"  DOCX → PDF con LibreOffice headless      {soffice:6.2f} s  ({_pages(converted)} pagine)")
    else:
        print("  LibreOffice (soffice) non installato: confronto saltato")
    print(
        f"  obiettivi: DOCX < 1 s {'raggiunto' if docx_cmd < 1 else 'NON raggiunto'}, "
        f"PDF < 5 s {'raggiunto' if pdf_cmd < 5 else 'NON raggiunto'} (comando, processo intero)"
    )


def _pages(path: Path) -> str:
    if not shutil.which("pdfinfo") or not path.exists():
        return "?"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


if __name__ == "__main__":
    main()
