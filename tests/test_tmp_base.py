import json

from django.core.management import call_command

from openpiao.documents.exchange import export_plan
from openpiao.plans.models import Plan


def test_base(db):
    call_command("import_plan", "/tmp/hostile/base.json")
    plan = Plan.objects.get(organization__slug="comune-ostile")
    d = export_plan(plan)
    print(json.dumps(d["evaluation"]["reviews"], ensure_ascii=False)[:300])
