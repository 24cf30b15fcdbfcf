"""What each role of the ente may open and post, URL by URL, as one table.

Every URL of the ente is requested by a member of each role, with rows of Casorate's plan (the
unit head edits the rows' unit), and the answers are compared with the tables below: a change
in permissions shows up as a difference from them. A new URL must be added to the tables.

The files are requested too, with the renderers replaced by a stand-in: what is checked here is
who may download, not the printing (tested in tests/documents).
"""

import pytest
from django.db import transaction

from openpiao.documents import printing
from tests.crawl import organization_urls, url_of

R, U, N, S, A = "reader", "unit_head", "evaluator", "secretary", "admin"
ROLES = (R, U, N, S, A)
EVERYONE = {R, U, N, S, A}
EDITORS = {S, A}  # the segretario and the amministratore edit the plan's content
UNITS = {U, S, A}  # … and the responsabile, the rows of the units it edits
NOT_READER = {U, N, S, A}
ADMIN = {A}  # the amministratore alone manages who enters the ente
NOBODY: set = set()  # the service operator's pages: no role of an ente opens them

# url name → the roles that GET it (the others get 403).
GET = {
    "organizations:home": EVERYONE,
    "organizations:edit": EDITORS,
    "organizations:coat_of_arms": EDITORS,
    "organizations:coat_of_arms_image": EVERYONE,
    "organizations:switch": EVERYONE,
    "organizations:members": ADMIN,
    "organizations:member_invite": ADMIN,
    "organizations:member_edit": ADMIN,
    "organizations:member_revoke": ADMIN,
    "organizations:invitation_resend": ADMIN,
    "organizations:invitation_cancel": ADMIN,
    "organizations:operator_invite": NOBODY,
    "publication:settings": ADMIN,  # the licence of the open data
    "organizations:operator_password_login": NOBODY,
    "changelog:register": {N, S, A},  # the registro delle modifiche: read-only, also for the Nucleo
    "changelog:csv": {N, S, A},
    "deadlines:current": EVERYONE,
    "deadlines:year": EVERYONE,
    "deadlines:plan": EVERYONE,
    "deadlines:mark_done": EVERYONE,  # POST only: 405 for all, see ANSWERS
    "deadlines:reopen": EVERYONE,  # POST only: 405 for all, see ANSWERS
    "plans:create": EDITORS,
    "plans:import": EDITORS,
    "plans:import_job": EDITORS,
    "plans:import_job_retry": EDITORS,  # POST only: 405 for editors, see ANSWERS
    "plans:detail": EVERYONE,
    "plans:edit": EDITORS,
    "plans:export": EVERYONE,
    "plans:rollover": EDITORS,
    "plans:job": EDITORS,  # the next plan, the adoption, run in the background
    "plans:job_retry": EDITORS,  # POST only: 405 for editors, see ANSWERS
    "plans:compare": EVERYONE,
    "plans:compare_docx": EVERYONE,
    "plans:compare_pdf": EVERYONE,
    "organization_chart:index": EVERYONE,
    "organization_chart:unit_create": EDITORS,
    "organization_chart:unit_edit": EDITORS,
    "organization_chart:employee_create": EDITORS,
    "organization_chart:employee_edit": EDITORS,
    "organization_chart:resource_create": EDITORS,
    "organization_chart:resource_edit": EDITORS,
    "organization_chart:resource_delete": EDITORS,
    "organization_chart:member_units": ADMIN,
    "performance:objectives": EVERYONE,
    "performance:objective": EVERYONE,
    "performance:objective_create": UNITS,
    "performance:objective_edit": UNITS,
    "performance:objective_part": UNITS,
    "performance:objective_delete": UNITS,
    "performance:indicator_inline": EVERYONE,
    "performance:strategic": EVERYONE,
    "performance:strategic_create": EDITORS,
    "performance:strategic_edit": EDITORS,
    "evaluation:dashboard": EVERYONE,
    "evaluation:unit": EVERYONE,
    "evaluation:mine": EVERYONE,
    "evaluation:objective": EVERYONE,
    "evaluation:review_edit": UNITS,
    "evaluation:judgements": {N},
    "evaluation:decisions": {N},
    "evaluation:validate": EVERYONE,  # POST only: 405 for all, see ANSWERS
    "evaluation:revision": NOT_READER,
    "evaluation:system": EVERYONE,
    "evaluation:system_edit": EDITORS,
    "evaluation:preset": EDITORS,
    "evaluation:scale": EDITORS,
    "evaluation:scores": EVERYONE,
    "evaluation:people": EVERYONE,
    "evaluation:person": NOT_READER,
    "evaluation:bonus": EVERYONE,
    "evaluation:funds": EDITORS,
    "evaluation:accounts": EDITORS,
    "evaluation:report": EVERYONE,
    "evaluation:report_docx": EVERYONE,
    "evaluation:report_pdf": EVERYONE,
    "evaluation:integrated_report": EVERYONE,
    "evaluation:integrated_report_docx": EVERYONE,
    "evaluation:integrated_report_pdf": EVERYONE,
    "evaluation:report_validate": EVERYONE,  # POST only: 405 for all, see ANSWERS
    "human_capital:index": EVERYONE,
    "human_capital:staffing": EVERYONE,
    "human_capital:smart_working": EVERYONE,
    "human_capital:training": EVERYONE,
    "human_capital:positive_actions": EVERYONE,
    "human_capital:row_create": EDITORS,
    "human_capital:rows_create": EDITORS,
    "human_capital:row_edit": EDITORS,
    "human_capital:row_delete": EDITORS,
    "human_capital:singleton_edit": EDITORS,
    "risk:register": EVERYONE,
    "risk:process": EVERYONE,
    "risk:process_create": UNITS,
    "risk:process_edit": UNITS,
    "risk:process_delete": UNITS,
    "risk:assessment": UNITS,
    "risk:integrated_map": EVERYONE,
    "risk:measures": EVERYONE,
    "risk:measure": EVERYONE,
    "risk:measure_create": UNITS,
    "risk:measure_edit": UNITS,
    "risk:settings": EDITORS,
    "risk:starter_map": EDITORS,
    "risk:small_comune_seed": EDITORS,
    "risk:rpct_report": EVERYONE,
    "risk:rpct_report_docx": EVERYONE,
    "risk:rpct_report_pdf": EVERYONE,
    "transparency:map": EVERYONE,
    "transparency:assignment": UNITS,
    "transparency:generate": EDITORS,
    "transparency:settings": EDITORS,
    "transparency:access": EVERYONE,
    "transparency:art13": EVERYONE,
    "transparency:site_tree": EVERYONE,
    "transparency:art13_file": EVERYONE,
    "transparency:access_create": UNITS,
    "transparency:access_edit": UNITS,
    "transparency:oiv_grid": EVERYONE,
    "transparency:oiv_choose": EDITORS,
    "transparency:oiv_fill": {N, A},
    "transparency:oiv_xlsx": EVERYONE,
    "documents:index": EVERYONE,
    "documents:print": EVERYONE,
    "documents:print_objective": EVERYONE,
    "documents:print_job": EVERYONE,
    "documents:print_job_file": EVERYONE,
    "documents:readiness": EVERYONE,
    "documents:guide": EVERYONE,
    "documents:texts": EVERYONE,
    "documents:text": EDITORS,
    "documents:adopt": EDITORS,
    "documents:reopen": EDITORS,
    "documents:publish": EDITORS,
    "documents:version_file": EVERYONE,
    "documents:workbook": EDITORS,  # holds the employees' personal data
    "documents:workbook_empty": EDITORS,
    "documents:workbook_import": EDITORS,
    "api_tokens:list": EVERYONE,  # each member's own API tokens, with at most its role
    "api_tokens:revoke": EVERYONE,  # POST only: 405 for all, see ANSWERS
}

# The answer to an allowed GET, where it is not the page (200).
ANSWERS = {
    # Actions: a GET goes back to their page.
    "organizations:coat_of_arms": 302,
    "documents:publish": 302,
    "documents:reopen": 302,
    "transparency:generate": 302,
    "risk:small_comune_seed": 302,
    "organizations:invitation_resend": 302,
    "organizations:invitation_cancel": 302,
    "organizations:switch": 302,  # to the same page in the ente chosen, else its home
    "deadlines:current": 302,  # to this year's scadenzario
    # The reports print in the background with the PIAO (documents:print?documento=…).
    "evaluation:report_docx": 302,
    "evaluation:report_pdf": 302,
    "risk:rpct_report_docx": 302,
    "risk:rpct_report_pdf": 302,
    # POST only: Method Not Allowed (before the role check, except the preset's).
    "evaluation:preset": 405,
    "plans:import_job_retry": 405,
    "plans:job_retry": 405,
    "evaluation:validate": 405,
    "evaluation:report_validate": 405,
    "deadlines:mark_done": 405,
    "deadlines:reopen": 405,
    "api_tokens:revoke": 405,
    # Casorate has one plan: the annex has nothing to compare it with (tests/plans/test_compare.py
    # downloads it between two plans).
    "plans:compare_docx": 404,
    "plans:compare_pdf": 404,
}

# url name → the roles whose POST is not refused (it may still be an invalid form, 200, or a
# redirect), for the URLs that write. A new form or action goes here too.
POST = {
    "publication:settings": ADMIN,
    "organizations:edit": EDITORS,
    "organizations:coat_of_arms": EDITORS,
    "organizations:member_invite": ADMIN,
    "organizations:member_edit": ADMIN,
    "organizations:member_revoke": ADMIN,
    "organizations:invitation_resend": ADMIN,
    "organizations:invitation_cancel": ADMIN,
    "organizations:operator_invite": NOBODY,
    # Deadlines marked done by hand: the segretario, the amministratore, the Nucleo (its own).
    "deadlines:mark_done": {N, S, A},
    "deadlines:reopen": {N, S, A},
    "organizations:operator_password_login": NOBODY,
    "plans:create": EDITORS,
    "plans:import": EDITORS,
    "plans:import_job_retry": EDITORS,
    "plans:job_retry": EDITORS,
    "plans:edit": EDITORS,
    "organization_chart:member_units": ADMIN,
    "plans:rollover": EDITORS,
    "organization_chart:unit_create": EDITORS,
    "organization_chart:unit_edit": EDITORS,
    "organization_chart:employee_create": EDITORS,
    "organization_chart:employee_edit": EDITORS,
    "organization_chart:resource_create": EDITORS,
    "organization_chart:resource_edit": EDITORS,
    "organization_chart:resource_delete": EDITORS,
    "performance:objective_create": UNITS,
    "performance:objective_edit": UNITS,
    "performance:objective_part": UNITS,
    "performance:objective_delete": UNITS,
    "performance:indicator_inline": UNITS,
    "performance:strategic_create": EDITORS,
    "performance:strategic_edit": EDITORS,
    "evaluation:review_edit": UNITS,
    "evaluation:judgements": {N},
    "evaluation:decisions": {N},
    "evaluation:validate": {N},
    "evaluation:revision": NOT_READER,
    "evaluation:system_edit": EDITORS,
    "evaluation:preset": EDITORS,
    "evaluation:scale": EDITORS,
    "evaluation:person": {U, S, A},  # behaviour assessments: not the Nucleo, who reads them
    "evaluation:funds": EDITORS,
    "evaluation:accounts": EDITORS,
    "evaluation:report_validate": {N},
    "human_capital:row_create": EDITORS,
    "human_capital:rows_create": EDITORS,
    "human_capital:row_edit": EDITORS,
    "human_capital:row_delete": EDITORS,
    "human_capital:singleton_edit": EDITORS,
    "risk:process_create": UNITS,
    "risk:process_edit": UNITS,
    "risk:process_delete": UNITS,
    "risk:assessment": UNITS,
    "risk:measure": UNITS,  # monitoring records
    "risk:measure_create": UNITS,
    "risk:measure_edit": UNITS,
    "risk:settings": EDITORS,
    "risk:starter_map": EDITORS,
    "risk:small_comune_seed": EDITORS,
    "risk:rpct_report": EDITORS,
    "transparency:assignment": UNITS,
    "transparency:generate": EDITORS,
    "transparency:settings": EDITORS,
    "transparency:access_create": UNITS,
    "transparency:access_edit": UNITS,
    "transparency:oiv_choose": EDITORS,
    "transparency:oiv_fill": {N, A},
    "documents:text": EDITORS,
    "documents:adopt": EDITORS,
    "documents:reopen": EDITORS,
    "documents:publish": EDITORS,
    "documents:workbook_import": EDITORS,
    "api_tokens:list": EVERYONE,
}


@pytest.fixture
def printers_stubbed(monkeypatch):
    for fmt in list(printing.RENDERERS):
        monkeypatch.setitem(printing.RENDERERS, fmt, lambda document: b"stampa")


def test_the_tables_name_every_url_of_the_ente():
    urls = set(organization_urls())
    assert set(GET) == urls, f"Aggiungere alla tabella GET: {urls - set(GET)}; togliere: {set(GET) - urls}"
    assert set(POST) <= urls and set(ANSWERS) <= urls


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(
    client, casorate, make_member, casorate_rows, printers_stubbed, role
):
    user = make_member(casorate.organization, role)
    if role == U:
        casorate_rows["unit"].editors.add(user)
    client.force_login(user)
    got, posted = {}, {}
    for name, args in sorted(organization_urls().items()):
        url = url_of(name, args, casorate, casorate_rows)
        got[name] = client.get(url).status_code
        if name not in POST:
            continue
        with transaction.atomic():  # every POST is undone, so the next URL finds the same rows
            posted[name] = client.post(url, {}).status_code
            transaction.set_rollback(True)
    assert got == {name: ANSWERS.get(name, 200) if role in GET[name] else 403 for name in got}
    assert {name: code != 403 for name, code in posted.items()} == {name: role in POST[name] for name in POST}
    assert {name: code for name, code in posted.items() if code >= 500} == {}
