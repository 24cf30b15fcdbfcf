"""The ANAC art. 13 scheme from plain data (the pure builder), on real cases."""

from datetime import date

import pytest

from openpiao.core.catalogues import Table, read_catalogue
from openpiao.organization_chart.anac_art13 import Ente, Office, build

SCHEME = read_catalogue("anac_schema_art13.yaml", Table("columns", "id"), Table("organs", "id"))
CASORATE = Ente(
    tax_code="00468580188",
    name="Comune di Casorate Primo",
    head_title="Sindaco",
    phone="02-90519511",
    email="info@comune.casorateprimo.pv.it",
    pec="casorateprimo@postemailcertificata.it",
    chart_url="https://www.comune.casorateprimo.pv.it/amministrazione-trasparente/02.04",
)
OFFICES = [
    Office("Servizio Amministrativo", "Ariboni Deborah", "Titolare di incarico di Elevata Qualificazione"),
    Office("Segreteria Comunale", "Segretario comunale", "Segretario comunale"),
]


def test_one_row_per_office_in_the_schemes_fields():
    table = build(SCHEME, CASORATE, OFFICES, year=2024, published_on=date(2026, 1, 22))
    assert [c["id"] for c in table.columns] == [
        "codiceFiscale",
        "denominazione",
        "annoDiRiferimento",
        "dataPubblicazione",
        "denominazioneOrganoIstit",
        "competenzeOrganoIstit",
        "tipologiaUfficio",
        "denominazioneUfficio",
        "competenzeUfficio",
        "nominativoDirigenteResp",
        "qualificaDirigenteResp",
        "recapitoTelefonico",
        "postaElettronicaOrdinaria",
        "postaElettronicaCertificata",
        "organigramma",
    ]
    first = table.rows[0]
    assert first["codiceFiscale"] == "00468580188"
    assert first["dataPubblicazione"] == "22/01/2026"  # GG/MM/AAAA, as the scheme's DateItaTypeDef
    assert first["tipologiaUfficio"] == "Ufficio non dirigenziale"  # a comune without dirigenti
    assert first["denominazioneOrganoIstit"] == "Sindaco"
    assert "art. 50, c. 10" in first["competenzeOrganoIstit"]
    assert [r["nominativoDirigenteResp"] for r in table.rows] == ["Ariboni Deborah", "Segretario comunale"]
    # The product holds no competences of its units: the only thing left to write.
    assert table.missing == [
        "«Competenze dell'ufficio»: manca per tutti gli uffici.",
    ]


@pytest.mark.parametrize(
    ("ente", "offices", "missing"),
    [
        (
            Ente("80012850543", "Comune di Valdoria", "Sindaca", "", "", "", ""),
            [Office("Area amministrativa", "Rossi Anna", "Istruttore direttivo", "Anagrafe, protocollo")],
            [
                "Manca un indirizzo di posta elettronica dell'ente (ordinaria o certificata).",
                "«Competenze dell'organo»: manca per tutti gli uffici.",
                "«Recapito telefonico»: manca per tutti gli uffici.",
                "«Organigramma (indirizzo)»: manca per tutti gli uffici.",
            ],
        ),
        (
            CASORATE,
            [
                Office("Polizia Locale", "", "", "Vigilanza"),
                Office("Tributi", "Neri Ugo", "Istruttore", "Tributi"),
            ],
            [
                "«Nominativo del responsabile»: manca per Polizia Locale.",
                "«Qualifica del responsabile»: manca per Polizia Locale.",
            ],
        ),
        (CASORATE, [], ["L'organigramma non ha unità: lo schema elenca gli uffici."]),
    ],
)
def test_what_is_missing_to_publish(ente, offices, missing):
    assert build(SCHEME, ente, offices, year=2025, published_on=date(2025, 2, 1)).missing == missing
