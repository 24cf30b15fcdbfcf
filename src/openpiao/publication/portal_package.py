"""The Portale PIAO package: what an ente uploads to the Dipartimento della Funzione Pubblica's
portal after adoption, gathered from the adopted version.

The portal publishes no upload format, so the package holds only what the ente is asked for and
the plan already has: the adopted PDF as frozen, the adoption data (delibera number and date, the
version and the SHA-256 of the files) as a small JSON and text file, and a one-page summary in
Italian (DOCX, printed with the product's own blocks). Nothing is guessed beyond that.
"""

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime

from openpiao.core.formatting import it_number
from openpiao.core.printing.blocks import Document, Heading, Paragraph, Table, cell
from openpiao.core.printing.render_docx import render_docx

from .datasets import BY_SLUG, DATASETS, Source

# A fixed date inside the zip, so the same version always gives the same bytes (and ETag).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class AdoptionData:
    organization: str
    tax_code: str
    ipa_code: str
    plan_title: str
    triennium: str
    resolution_number: str
    resolution_date: str  # dd/mm/yyyy
    version: int
    pdf_sha256: str
    docx_sha256: str
    json_sha256: str
    public_page: str

    def as_text(self) -> str:
        return "\n".join(
            [
                f"Ente: {self.organization}",
                f"Codice fiscale: {self.tax_code or '—'}",
                f"Codice IPA: {self.ipa_code or '—'}",
                f"Piano: {self.plan_title} (triennio {self.triennium})",
                f"Delibera di adozione: n. {self.resolution_number} del {self.resolution_date}",
                f"Versione adottata: {self.version}",
                f"Impronta SHA-256 del PDF: {self.pdf_sha256}",
                f"Impronta SHA-256 del DOCX: {self.docx_sha256}",
                f"Impronta SHA-256 dei dati (JSON): {self.json_sha256}",
                f"Pagina pubblica: {self.public_page}",
                "",
            ]
        )


def summary_document(adoption: AdoptionData, source: Source) -> Document:
    """One page: the act, the plan's figures by section, where the whole plan is."""
    document = Document(
        title=f"Sintesi — {adoption.plan_title}",
        organization=adoption.organization,
        # Dated by the act, so the same version always gives the same package (and ETag).
        printed_at=datetime.strptime(adoption.resolution_date, "%d/%m/%Y"),
        header_right=adoption.plan_title,
        with_toc=False,
    )
    counts = {dataset.slug: len(dataset.table(source)) for dataset in DATASETS}
    staff = sum(row["dipendenti"] or 0 for row in BY_SLUG["personale"].table(source))
    document.add(
        Heading(1, f"{adoption.plan_title} — sintesi"),
        Paragraph.of(
            f"{adoption.organization}. Piano adottato con delibera n. {adoption.resolution_number} "
            f"del {adoption.resolution_date} (versione {adoption.version})."
        ),
        Table(
            [
                [cell("Contenuto del piano", header=True), cell("Numero", header=True, align="right")],
                *[
                    [cell(label), cell(it_number(counts[slug]), align="right")]
                    for slug, label in (
                        ("obiettivi", "Obiettivi di performance (sottosezione 2.2)"),
                        ("indicatori", "Valori attesi degli indicatori, per anno"),
                        ("processi-rischio", "Processi mappati (sottosezione 2.3, rischi corruttivi)"),
                        ("misure-rischio", "Misure di prevenzione della corruzione"),
                        ("obblighi-trasparenza", "Obblighi di pubblicazione nella mappa della trasparenza"),
                        ("assunzioni", "Assunzioni programmate nel triennio (sottosezione 3.3)"),
                    )
                ],
                [
                    cell("Personale in servizio al 31 dicembre precedente il triennio"),
                    cell(it_number(staff), align="right"),
                ],
            ],
            widths=[5, 1],
        ),
        Paragraph.of(
            f"Il documento integrale è il file PDF del pacchetto (impronta SHA-256 {adoption.pdf_sha256}). "
            f"Il piano, i dati aperti e le versioni precedenti sono pubblicati su {adoption.public_page}"
        ),
    )
    return document


def package(*, pdf: bytes, pdf_name: str, adoption: AdoptionData, source: Source) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in (
            (pdf_name, pdf),
            ("dati-adozione.json", json.dumps(adoption.__dict__, ensure_ascii=False, indent=2).encode()),
            ("dati-adozione.txt", adoption.as_text().encode()),
            ("sintesi.docx", render_docx(summary_document(adoption, source))),
        ):
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), content)
    return buffer.getvalue()
