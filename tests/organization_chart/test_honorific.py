"""A person's title (Employee.honorific: «Arch.», «Dott.ssa») prints with the name wherever the
plan names a responsabile: the scheda obiettivo, the centro's list, the open data."""

from openpiao.core.exchange import Audience
from openpiao.documents.builder import build_document
from openpiao.organization_chart.models import Employee
from openpiao.plans.json_document import export_plan
from openpiao.publication.datasets import Source


def test_the_responsabile_prints_with_the_title_the_plan_gives(casorate):
    territorio = casorate.units.get(code="territorio")
    assert territorio.head.honorific == "Arch."
    assert territorio.head_display == "Arch. Pizzocaro Simona"
    text = build_document(casorate).text()
    assert "Responsabile: Arch. Pizzocaro Simona" in text  # the centro's list
    assert "Responsabile | Arch. Pizzocaro Simona" in text  # the scheda's header


def test_without_a_title_the_name_prints_alone_and_a_title_alone_prints_nothing(casorate):
    employee = Employee(last_name="Rossi", first_name="Anna")
    assert employee.titled_name == "Rossi Anna"
    employee.honorific = "Dott.ssa"
    assert employee.titled_name == "Dott.ssa Rossi Anna"
    nameless = Employee(key="dip-01", honorific="Dott.")
    assert nameless.titled_name == str(nameless) == "Dipendente dip-01"


def test_the_title_travels_in_the_public_document_and_names_the_head_in_the_open_data(casorate):
    document = export_plan(casorate, audience=Audience.PUBLIC)
    pizzocaro = next(e for e in document["employees"] if e["key"] == "pizzocaro")
    assert pizzocaro["honorific"] == "Arch."
    assert Source(document, {}).head_name("territorio") == "Arch. Simona Pizzocaro"
