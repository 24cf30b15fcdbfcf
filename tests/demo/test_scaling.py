"""Plans of other sizes and other enti made from the demo (openpiao.demo.scaling), for the
measures at national scale: the import takes them as it takes the demo."""

from collections import Counter
from decimal import Decimal

import pytest
from django.conf import settings

from openpiao.core.exchange import Audience
from openpiao.demo.scaling import as_comune, resized, sizes
from openpiao.organizations.comuni import find_comune
from openpiao.plans.json_document import export_plan, import_plan


def test_a_grown_plan_of_a_comune_is_imported_whole(casorate):
    document = export_plan(casorate, audience=Audience.BACKUP)
    grown = resized(document, 40)
    assert len(grown["objectives"]) == 40
    assert len({(o["unit"], o["number"]) for o in grown["objectives"]}) == 40
    before, after = Counter(), Counter()
    for objective in document["objectives"]:
        before[objective["unit"]] += Decimal(objective["weight"] or 0)
    for objective in grown["objectives"]:
        after[objective["unit"]] += Decimal(objective["weight"] or 0)
    assert all(abs(after[unit] - total) <= 1 for unit, total in before.items())  # rounded to cents

    comune = find_comune("018001")
    plan = import_plan(as_comune(grown, comune), source="prova")
    assert plan.organization.name == comune.official_name and plan.organization.istat_code == "018001"
    assert plan.objectives.count() == 40
    assert plan.reviews.count() > len(document["evaluation"]["reviews"])


def test_the_sizes_lean_to_small_plans():
    chosen = sizes(1000)
    assert min(chosen) >= 10 and max(chosen) <= 200
    assert sum(size < 105 for size in chosen) > 700


def test_a_copied_ente_is_its_model_with_another_anagrafica_and_keys(casorate):
    """openpiao.demo.cloning: every row the model ente owns, written again for two comuni."""
    from django.apps import apps

    from openpiao.demo.cloning import NOT_COPIED, copy_enti, snapshot
    from openpiao.demo.scaling import anagrafica
    from openpiao.evaluation.selectors import scorecard
    from openpiao.organization_chart.models import Employee, OrgUnit
    from openpiao.organizations.models import Organization

    model = import_plan(
        as_comune(resized(export_plan(casorate, audience=Audience.BACKUP), 30), find_comune("018001"))
    )
    tables = snapshot(model.organization)
    copy_enti(tables, [anagrafica(find_comune("018002")), anagrafica(find_comune("018003"))])
    copies = list(Organization.objects.filter(istat_code__in=["018002", "018003"]).order_by("istat_code"))
    assert [c.slug for c in copies] == ["albaredo-arnaboldi-018002", "albonese-018003"]
    assert copies[0].name == "Comune di Albaredo Arnaboldi" and copies[0].cadastral_code
    for label in {t.label for t in tables}:
        table = apps.get_model(label)
        if not any(f.name == "organization" for f in table._meta.concrete_fields) or label in NOT_COPIED:
            continue
        own = table._default_manager.filter(organization=model.organization).count()
        for copy in copies:  # as many rows of every kind, each pointing at the copy's own rows
            assert table._default_manager.filter(organization=copy).count() == own, label
    expected = scorecard(model)
    for copy in copies:
        plan = copy.plans.get()
        card = scorecard(plan)
        assert card.organization_score.value == expected.organization_score.value
        assert len(card.objectives) == 30
        # The scorecard holds plain values (evaluation.plain): the rows it names, from the models.
        units = OrgUnit.objects.filter(pk__in={r.objective.unit_id for r in card.objectives})
        assert set(units.values_list("organization_id", flat=True)) == {copy.pk}
        people = {p.employee_id for r in card.objectives for p in r.objective.participations.all()}
        employees = Employee.objects.filter(pk__in=people)
        assert employees.count() == len(people)
        assert set(employees.values_list("organization_id", flat=True)) <= {copy.pk}
        assert plan.history.filter(id=plan.pk).exists()  # its historical records follow it


def test_generate_enti_imports_one_plan_a_size_and_copies_it(casorate):
    from io import StringIO

    from django.core.management import call_command

    from openpiao.demo.scaling import size_class
    from openpiao.organizations.models import Organization

    before = Organization.objects.count()
    out = StringIO()
    call_command("generate_enti", 8, "--seme", "7", "--lotto", "2", stdout=out)
    classes = {size_class(s) for s in sizes(8, seed=7)}
    assert len(classes) < 8  # some sizes repeat: those enti are copies
    assert Organization.objects.count() == before + 8
    assert f"{len(classes)} piani modello importati" in out.getvalue()
    assert "Creati 8 enti" in out.getvalue()
    generated = Organization.objects.order_by("-pk")[:8]
    assert all(o.plans.get().objectives.count() in classes for o in generated)


def _schema() -> set[tuple]:
    """The indexes and constraints of the database's tables, as PostgreSQL describes them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
        )
        indexes = {("index", *row) for row in cursor.fetchall()}
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid), condeferrable, "
            "condeferred, convalidated FROM pg_constraint "
            "WHERE connamespace = current_schema()::regnamespace"
        )
        return indexes | {("constraint", *row) for row in cursor.fetchall()}


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="PostgreSQL only"
)
def test_generate_enti_without_indexes_leaves_the_schema_as_the_migrations_made_it(casorate, monkeypatch):
    """Past --soglia-indici copies the copied tables' indexes and foreign keys are dropped while
    writing, then created again: afterwards every index and constraint is as before."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    from openpiao.demo import cloning
    from openpiao.organizations.models import Organization

    before = _schema()
    assert sum(item[0] == "constraint" and item[3] == "f" for item in before) > 100
    while_writing = []
    copy_enti = cloning.copy_enti

    def counted(tables, anagrafiche):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
                "AND conrelid = 'performance_objective'::regclass"
            )
            while_writing.append(cursor.fetchone()[0])
        copy_enti(tables, anagrafiche)

    monkeypatch.setattr(cloning, "copy_enti", counted)
    out = StringIO()
    call_command("generate_enti", 8, "--seme", "7", "--lotto", "2", "--soglia-indici", "1", stdout=out)
    assert "chiavi esterne tolti durante la scrittura" in out.getvalue()
    assert "Indici e chiavi esterne ricreati" in out.getvalue()
    assert while_writing and set(while_writing) == {0}  # written without them
    assert _schema() == before
    assert Organization.objects.filter(plans__objectives__isnull=False).distinct().count() >= 8


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="PostgreSQL only"
)
def test_generate_enti_stopped_while_writing_creates_again_what_it_dropped(casorate, monkeypatch):
    from django.core.management import call_command

    from openpiao.demo import cloning

    before = _schema()

    def stopped(tables, anagrafiche):
        raise KeyboardInterrupt  # Ctrl+C, or the SIGTERM the command turns into it

    monkeypatch.setattr(cloning, "copy_enti", stopped)
    with pytest.raises(KeyboardInterrupt):
        call_command("generate_enti", 8, "--seme", "7", "--lotto", "2", "--soglia-indici", "1")
    assert _schema() == before
