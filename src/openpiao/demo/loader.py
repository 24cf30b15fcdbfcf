"""Demo data: the two seed comuni, written by hand from their published plans.

Each ente is a folder of YAML files in the shape of the plan's JSON export (see
docs/export-format.md); the files are merged (lists under the same key are joined, in
file-name order) and imported with `import_plan`, so the demo
exercises the same path as a real import. users.yaml adds one demo login per role, with the
units a responsabile edits and the employee it is (for «I miei obiettivi»).

A plan whose fixture says `status: adopted` (Valdoria's) is adopted after the import through
the product's own adoption (`documents.services.adopt_plan`, with the fixture's delibera), so
its PDF, DOCX and open data are frozen and the public pages (`publication`) have a plan to show.
The import alone always makes a draft: an adopted plan is one whose documents were frozen.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction

from openpiao.core import yamlfiles
from openpiao.documents.models import PlanVersion
from openpiao.documents.services import adopt_plan
from openpiao.evaluation.models import EmployeeAccount
from openpiao.organizations.models import OPERATE_SERVICE, Membership, Organization
from openpiao.plans.json_document import import_plan
from openpiao.plans.models import PlanStatus

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_PASSWORD = "demo-piao-2024"


def read_document(folder: Path) -> dict:
    document: dict = {}
    for path in sorted(folder.glob("*.yaml")):
        with open(path, encoding="utf-8") as handle:
            part = yamlfiles.load(handle) or {}
        for key, value in part.items():
            if key not in document:
                document[key] = value
            elif isinstance(document[key], list) and isinstance(value, list):
                document[key] = document[key] + value  # e.g. objectives split by unit
            else:
                raise ValueError(f"{path.name}: la chiave «{key}» è già definita in un altro file.")
    return document


def demo_folders() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.is_dir())


@transaction.atomic
def load_demo(*, adopt: bool = True) -> list:
    """(Re)create the demo enti and users; returns the plans created.

    `adopt=False` leaves every plan a draft: the browser tests that reload the demo before each
    test and never look at a published plan skip the seconds of printing the frozen PDF.
    """
    plans = []
    for folder in demo_folders():
        document = read_document(folder)
        demo = Organization.objects.filter(slug=document["organization"]["slug"])
        # A demo ente's adopted versions are exercises, not acts: the reset removes them with
        # a raw delete, the one path that goes round PlanVersion's protection (on purpose).
        PlanVersion.objects.filter(organization__in=demo)._raw_delete(PlanVersion.objects.db)
        demo.delete()
        plan = import_plan(document, source=f"demo {folder.name}")
        if adopt and document["plan"].get("status") == PlanStatus.ADOPTED:
            adopt_plan(
                plan=plan,
                resolution_number=plan.resolution_number,
                resolution_date=plan.resolution_date,
                expected_version=plan.version,
                user=None,
            )
            plan.refresh_from_db()
        plans.append(plan)
    _create_users()
    return plans


def _create_users() -> list[tuple[str, str]]:
    with open(FIXTURES / "users.yaml", encoding="utf-8") as handle:
        users = yamlfiles.load(handle)
    User = get_user_model()
    logins = []
    for entry in users:
        user, _ = User.objects.update_or_create(
            username=entry["username"],
            defaults={
                "first_name": entry.get("first_name", ""),
                "last_name": entry.get("last_name", ""),
                "is_staff": entry.get("is_staff", False),
                "is_superuser": entry.get("is_superuser", False),
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        if entry.get("service_operator"):
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label="organizations", codename=OPERATE_SERVICE)
            )
        for membership in entry.get("memberships", []):
            organization = Organization.objects.get(slug=membership["ente"])
            Membership.objects.update_or_create(
                user=user, organization=organization, defaults={"role": membership["role"]}
            )
            plan = organization.plans.first()
            for unit in plan.units.filter(code__in=membership.get("units", [])):
                unit.editors.add(user)
            if "employee" in membership:
                EmployeeAccount.objects.update_or_create(
                    employee=plan.employees.get(key=membership["employee"]),
                    defaults={"plan": plan, "user": user},
                )
        logins.append((entry["username"], entry.get("description", "")))
    return logins


def demo_logins() -> list[tuple[str, str]]:
    with open(FIXTURES / "users.yaml", encoding="utf-8") as handle:
        return [(u["username"], u.get("description", "")) for u in yamlfiles.load(handle)]
