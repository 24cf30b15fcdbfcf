"""Sezione 1: scheda anagrafica dell'amministrazione."""

from openpiao.core.formatting import it_number
from openpiao.core.printing.blocks import Table, cell


def section(context) -> list:
    organization = context.organization
    figures = context.figures
    rows = [
        (
            "Denominazione",
            organization.name + (f" ({organization.province})" if organization.province else ""),
        ),
        ("Indirizzo", organization.address),
        ("Codice fiscale", organization.tax_code),
        ("Partita IVA", organization.vat_number),
        ("Codice IPA", organization.ipa_code),
        ("Codice ISTAT", organization.istat_code),
        (organization.head_title or "Vertice dell'amministrazione", organization.head_name),
    ]
    if figures is not None:
        rows += [
            (f"Numero dipendenti al 31 dicembre {figures.year}", str(figures.employees)),
            (f"Numero abitanti al 31 dicembre {figures.year}", it_number(figures.inhabitants)),
        ]
    rows += [
        ("Telefono", organization.phone),
        ("Sito internet", organization.website),
        ("E-mail", organization.email),
        ("PEC", organization.pec),
    ]
    # The Piano tipo's scheda points to the register of the public administrations.
    rows.append(("Informazioni presenti sul sito AgID", "www.indicepa.gov.it"))
    # A datum the ente has not entered is left out (the readiness check asks for it).
    table = Table(
        [[cell("Dato", header=True), cell("Valore", header=True)]]
        + [[cell(label, header=True), cell(value)] for label, value in rows if value],
        widths=[2, 3],
    )
    return [table]
