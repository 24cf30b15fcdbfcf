"""The builders of test data, all in this module: real rows in a real database, so a test never
depends on the demo's rows it does not name.

- `unit`, `employee`, `objective`: rows of one plan (an objective with its details by default);
- `PlanBuilder`: the measurement cycle (objectives with given indicators and phases, reviews);
- `one_row_of_each_kind`: a row for every id a URL of the ente takes (the URL walks);
- `invitation_for`: an invitation into an ente, with the token of its link;
- `clean_plan`: a small ente and plan that pass the checks before adoption.
"""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from itertools import count

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from openpiao.api.services import create_token
from openpiao.documents.models import PlanVersion, PrintJob, SectionText, frozen_files
from openpiao.evaluation.models import Review, ReviewPhase, ReviewValue
from openpiao.human_capital.models import PlannedHire
from openpiao.organization_chart.models import Employee, OrgUnit, UnitResource
from openpiao.organizations.invitations import new_token, token_hash
from openpiao.organizations.models import Invitation, Membership, Organization, YearlyFigures
from openpiao.performance.models import (
    Indicator,
    IndicatorTarget,
    Objective,
    Participation,
    Phase,
    Resource,
    StrategicObjective,
)
from openpiao.plans.models import ImportJob, Plan, PlanJob
from openpiao.risk.models import Measure, Process, RiskArea
from openpiao.transparency.models import AccessRequest, Duty, DutyAssignment

D = Decimal

_sequence = count(1)


def unit(plan, code=None, **values) -> OrgUnit:
    code = code or f"unit-{next(_sequence)}"
    return OrgUnit.objects.create(plan=plan, code=code, name=values.pop("name", code), **values)


def employee(plan, unit, key=None, **values) -> Employee:
    values = {"gender": "F", "area": "istruttori", "old_category": "C", **values}
    return Employee.objects.create(plan=plan, unit=unit, key=key or f"emp-{next(_sequence)}", **values)


def objective(plan, unit, *, with_details: bool = True, **values) -> Objective:
    number = values.pop("number", None) or next(_sequence)
    values = {
        "kind": "improvement",
        "title": f"Obiettivo {number}",
        "first_year": plan.reference_year,
        "last_year": plan.reference_year,
        **values,
    }
    item = Objective.objects.create(plan=plan, unit=unit, number=number, **values)
    if with_details:
        for position in (1, 2):
            indicator = Indicator.objects.create(
                objective=item,
                order=position,
                description=f"Indicatore {position}",
                kind="number",
            )
            IndicatorTarget.objects.create(indicator=indicator, year=plan.reference_year, value="10")
        Phase.objects.create(objective=item, order=1, description="Fase", months=[1, 2, 3])
        person = employee(plan, unit, hourly_cost=Decimal("25.50"))
        Participation.objects.create(objective=item, employee=person, percent=50, hours=10)
        Resource.objects.create(objective=item, kind="equipment", description="PC", cost=100)
    return item


def process(plan, unit, code=None, **values) -> Process:
    """A process of the risk register (Sottosezione 2.3)."""
    code = code or f"proc-{next(_sequence)}"
    values = {"area": RiskArea.objects.first(), "name": f"Processo {code}", **values}
    return Process.objects.create(organization=plan.organization, plan=plan, code=code, unit=unit, **values)


class PlanBuilder:
    """The measurement cycle in one plan: objectives with the indicators and phases a test names,
    participations and reviews with their values and phase progress."""

    def __init__(self, plan):
        self.plan = plan
        self.organization = plan.organization

    def unit(self, code=None, **values) -> OrgUnit:
        return unit(self.plan, code, **values)

    def employee(self, unit, key=None, **values) -> Employee:
        return employee(self.plan, unit, key, **{"last_name": "Rossi", **values})

    def objective(self, unit, *, weight=None, indicators=(), phases=(), number=None) -> Objective:
        """indicators: (kind, direction, target text[, weight]); phases: lists of months."""
        objective = Objective.objects.create(
            organization=self.organization,
            plan=self.plan,
            unit=unit,
            number=number or next(_sequence),
            kind="improvement",
            title=f"Obiettivo di prova {next(_sequence)}",
            first_year=self.plan.reference_year,
            last_year=self.plan.reference_year,
            weight=weight,
        )
        for order, spec in enumerate(indicators, start=1):
            kind, direction, target, *rest = spec
            indicator = Indicator.objects.create(
                organization=self.organization,
                objective=objective,
                order=order,
                description=f"Indicatore {order}",
                kind=kind,
                direction=direction,
                weight=rest[0] if rest else D(1),
            )
            if target is not None:
                IndicatorTarget.objects.create(
                    organization=self.organization,
                    indicator=indicator,
                    year=self.plan.reference_year,
                    value=target,
                )
        for order, months in enumerate(phases, start=1):
            Phase.objects.create(
                organization=self.organization,
                objective=objective,
                order=order,
                description=f"Fase {order}",
                months=months,
            )
        return objective

    def participate(self, objective, employee, percent) -> Participation:
        return Participation.objects.create(
            organization=self.organization, objective=objective, employee=employee, percent=percent
        )

    def review(self, objective, *, kind="intermediate", on=None, values=(), phases=(), **fields) -> Review:
        """values: dicts for the indicators in order (None = no value); phases: (months, completed)."""
        review = Review.objects.create(
            organization=self.organization,
            plan=self.plan,
            objective=objective,
            kind=kind,
            reference_date=on or date(self.plan.reference_year, 7, 31),
            **fields,
        )
        for indicator, value in zip(objective.indicators.order_by("order"), values, strict=False):
            if value is not None:
                ReviewValue.objects.create(
                    organization=self.organization, review=review, indicator=indicator, **value
                )
        for phase, spec in zip(objective.phases.order_by("order"), phases, strict=False):
            months, completed = spec
            ReviewPhase.objects.create(
                organization=self.organization,
                review=review,
                phase=phase,
                actual_months=months,
                completed=completed,
            )
        return review


def png_image(width: int = 64, height: int = 80, kind: str = "PNG") -> bytes:
    """A small image (a stand-in for a coat of arms) in `kind`'s format."""
    buffer = BytesIO()
    Image.new("RGB", (width, height), (0, 77, 153)).save(buffer, kind)
    return buffer.getvalue()


def invitation_for(
    organization, *, email: str, role: str = "unit_head", days: int = 7, token: str | None = None
):
    """An invitation as `organizations.services.invite` leaves it (without the e-mail)."""
    now = timezone.now()
    return Invitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        token_hash=token_hash(token or new_token()),
        sent_at=now,
        expires_at=now + timedelta(days=days),
    )


def one_row_of_each_kind(plan) -> dict:
    """A row of each kind a URL of the ente names by id, in `plan` (see tests/crawl.py ARGUMENTS)."""
    organization = plan.organization
    office = unit(plan, code="tenancy-unit", name="Unità test")
    person = employee(plan, office, key="tenancy-emp", last_name="Prova", part_time_pct=D(100))
    strategic = StrategicObjective.objects.create(
        organization=organization, plan=plan, code="tenancy-so", title="Strategico test"
    )
    item = objective(plan, office, with_details=False, number=99, title="Test")
    indicator = Indicator.objects.create(
        organization=organization, objective=item, description="x", kind="number"
    )
    risky = process(plan, office, code="tenancy-proc", name="P")
    measure = Measure.objects.create(
        organization=organization, plan=plan, kind="specific", process=risky, title="M", owner_unit=office
    )
    assignment, _ = DutyAssignment.objects.update_or_create(
        plan=plan,
        duty=Duty.objects.first(),
        defaults={"organization": organization, "producing_unit": office},
    )
    access = AccessRequest.objects.create(
        organization=organization,
        plan=plan,
        kind="simple",
        received_on=date(plan.reference_year, 3, 1),
        subject="x",
        unit=office,
    )
    review, _ = Review.objects.get_or_create(
        organization=organization,
        plan=plan,
        objective=item,
        kind="final",
        defaults={"reference_date": date(plan.reference_year, 7, 31)},
    )
    hire = PlannedHire.objects.create(
        organization=organization,
        plan=plan,
        year=plan.reference_year,
        profile="Istruttore amministrativo",
        area="istruttori",
        unit=office,
        modality="competition",
        annual_cost=D("33000.00"),
    )
    # A frozen version as adoption leaves it, with stand-ins for its files (served as stored).
    data, pdf, docx = b"{}", b"%PDF-1.7", b"PK"
    version = PlanVersion.objects.create(
        organization=organization,
        plan=plan,
        number=plan.frozen_versions.count() + 1,
        resolution_number="1",
        resolution_date=date(plan.first_year, 1, 30),
        **frozen_files(plan, data=data, pdf=pdf, docx=docx),
    )
    resource = UnitResource.objects.create(
        plan=plan, unit=office, kind="equipment", description="Fotocopiatrice multifunzione", quantity=1
    )
    if not organization.coat_of_arms:
        organization.coat_of_arms.save(f"{organization.slug}.png", ContentFile(png_image()))
    # A finished print of the plan, as the background job leaves it.
    print_job = PrintJob.objects.create(
        plan=plan,
        target="sezione:1",
        fmt="docx",
        data_hash="0" * 64,
        status="done",
        file=ContentFile(docx, name="sezione-1.docx"),
        filename="sezione-1.docx",
    )
    # A background import into the ente, finished.
    import_job = ImportJob.objects.create(
        organization=organization,
        kind="json",
        ticket="-",
        upload=f"imports/tenancy-{organization.slug}.json",
        size=1,
        status="done",
        first_year=plan.first_year,
    )
    # A background job on the plan (the next plan made from it), finished.
    plan_job = PlanJob.objects.create(
        plan=plan,
        kind="rollover",
        key=f"rollover:{plan.pk}",
        status="done",
        outcome={"first_year": plan.first_year + 1, "rows": {"obiettivi": 1}, "notes": []},
    )
    colleague = get_user_model().objects.create_user(username=f"tenancy-member-{organization.slug}")
    membership = Membership.objects.create(user=colleague, organization=organization, role="unit_head")
    invitation = invitation_for(organization, email=f"invitato@{organization.slug}.example.it")
    api_token, _ = create_token(
        membership=membership, name="Chiave test", role="reader", days=30, user=colleague
    )
    return {
        "api_token": api_token,
        "print_job": print_job,
        "import_job": import_job,
        "plan_job": plan_job,
        "membership": membership,
        "invitation": invitation,
        "unit": office,
        "unit_resource": resource,
        "employee": person,
        "strategic": strategic,
        "objective": item,
        "indicator": indicator,
        "process": risky,
        "measure": measure,
        "assignment": assignment,
        "access": access,
        "review": review,
        "hire": hire,
        "version": version,
    }


# Sections that a plan without the other apps' data fills with the ente's own text.
TEXT_SECTIONS = ["2.2.2", "2.3", "3.2", "3.3", "3.3.4"]


def clean_plan() -> Plan:
    """A small ente and plan that pass the checks of the documents and performance modules."""
    organization = Organization.objects.create(
        slug="comune-di-prova",
        name="Comune di Prova",
        province="PV",
        tax_code="00468580188",
        address="Piazza del Municipio 1",
        pec="protocollo@pec.comune.prova.it",
        head_name="Maria Rossi",
    )
    YearlyFigures.objects.create(organization=organization, year=2024, inhabitants=3200, employees=1)
    plan = Plan.objects.create(organization=organization, first_year=2025, reference_year=2025)
    office = unit(plan, code="amministrativo", name="Servizio amministrativo")
    objective(plan, office, title="Sportello telematico", weight=D(100))
    Employee.objects.filter(plan=plan).update(start_date=date(2020, 1, 1))
    for code in TEXT_SECTIONS:
        SectionText.objects.create(
            organization=organization, plan=plan, section=code, body=f"Testo dell'ente per la sezione {code}."
        )
    return plan
