"""The sections of Amministrazione trasparente that the PUT's check (TrasparenzAI's rule tree)
would fail, from the ente's map: the pure check on real cases, then the demo comune."""

import pytest
from django.urls import reverse

from openpiao.documents.readiness import collect
from openpiao.transparency.models import DutyAssignment, Section
from openpiao.transparency.selectors import rule_tree, site_tree_findings
from openpiao.transparency.site_tree import MapSection, Reason, RuleNode, check

PERFORMANCE_PLAN = RuleNode("piano-performance", "performance", "06.02", ("Piano della Performance",))


@pytest.mark.parametrize(
    ("node", "section", "reason"),
    [
        # TrasparenzAI looks for «Piano della Performance»; the AgID vocabulary says «delle».
        (PERFORMANCE_PLAN, MapSection("06.02", "Piano delle Performance", True, 1, 1), Reason.NAME),
        (PERFORMANCE_PLAN, MapSection("06.02", "Piano della performance", True, 1, 1), None),  # case aside
        (
            RuleNode("attivita-procedimenti", None, "L1-08", ("Attività e procedimenti",)),
            MapSection("L1-08", "Attivita' e procedimenti", True, 3, 1),  # accents and apostrophes aside
            None,
        ),
        (PERFORMANCE_PLAN, MapSection("06.02", "Piano della Performance", True, 2, 0), Reason.NO_PAGE),
        (PERFORMANCE_PLAN, MapSection("06.02", "Piano della Performance", True, 0, 0), Reason.NOT_IN_MAP),
        (PERFORMANCE_PLAN, None, Reason.NOT_IN_MAP),
        (
            RuleNode("liste-attesa", "servizi-erogati", "15.04", ("Liste di attesa",)),
            MapSection("15.04", "Liste di attesa", False, 0, 0),  # not for comuni: not reported
            None,
        ),
    ],
)
def test_each_reason_on_real_names(node, section, reason):
    findings = check([node], {section.code: section} if section else {})
    assert [f.reason for f in findings] == ([reason] if reason else [])


def test_the_rule_tree_names_sections_of_the_catalogue(db):
    nodes = rule_tree()
    assert len(nodes) == 83 and len([n for n in nodes if n.parent is None]) == 22
    codes = set(Section.objects.values_list("code", flat=True))
    assert {n.section for n in nodes} <= codes
    assert {n.key for n in nodes if n.parent is None} >= {"disposizioni-generali", "altri-contenuti"}


def test_the_demo_comune_and_what_fixing_its_map_changes(casorate, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        findings = site_tree_findings(casorate)
    by_reason = {reason: {f.term for f in findings if f.reason == reason} for reason in Reason}
    assert by_reason[Reason.NAME] == {
        "Incarichi conferiti e autorizzati ai dipendenti",
        "OIV",
        "Sistema di misurazione e valutazione della Performance",
        "Piano della Performance",
        "Relazione sulla Performance",
        "Piano degli indicatori e risultati attesi di bilancio",
        "IBAN e pagamenti informatici",
    }
    assert by_reason[Reason.NOT_IN_MAP] == {"Dati ulteriori"}  # the vocabulary codes no duty for it
    assert "Patrimonio immobiliare" in by_reason[Reason.NO_PAGE]
    # The page of the duties of «Beni immobili e gestione patrimonio» published: both levels pass.
    DutyAssignment.objects.filter(plan=casorate, duty__section__parent__code="L1-13").update(
        page_url="https://www.comune.casorateprimo.pv.it/amministrazione-trasparente/13"
    )
    terms = {f.term for f in site_tree_findings(casorate)}
    assert not terms & {
        "Beni immobili e gestione patrimonio",
        "Patrimonio immobiliare",
        "Canoni di locazione o affitto",
    }
    assert len(terms) == len(findings) - 3


def test_a_readiness_warning_and_a_page_list_them(secretary_client, casorate):
    items = [i for i in collect(casorate).items if "Piattaforma Unica" in i.message]
    assert len(items) == 1 and not items[0].blocking
    assert items[0].message.startswith(
        f"{len(site_tree_findings(casorate))} voci di Amministrazione trasparente"
    )
    page = secretary_client.get(reverse("transparency:site_tree", args=["casorate-primo", 2024]))
    html = page.content.decode()
    assert page.status_code == 200 and "Piano della Performance" in html
    assert "cdde7622e621d4ecea1c38ad45aca356a31c8021" in html
