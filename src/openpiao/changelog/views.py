import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from openpiao.core.models import person_name
from openpiao.core.params import parse_int
from openpiao.organizations.access import organization_view
from openpiao.organizations.models import REGISTER_READERS

from .forms import FilterForm
from .selectors import PAGE_SIZE, entries, register_rows


def _filter_form(request) -> FilterForm:
    members = request.organization.memberships.select_related("user").order_by(
        "user__last_name", "user__username"
    )
    people = [(m.user_id, person_name(m.user)) for m in members]
    return FilterForm(request.GET or None, people=people)


@organization_view(roles=REGISTER_READERS)
def register(request):
    form = _filter_form(request)
    rows = register_rows(request.organization, form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(parse_int(request.GET.get("pagina")) or 1)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "changelog/register.html",
        {
            "form": form,
            "page": page,
            "entries": entries(
                request.organization,
                page.object_list,
                special_categories=request.membership.sees_special_categories,
            ),
            "query": query.urlencode(),
            "trail": [("Registro delle modifiche", None)],
        },
    )


CSV_HEADER = [
    "data e ora",
    "persona",
    "azione",
    "sezione",
    "oggetto",
    "nome",
    "campo",
    "prima",
    "dopo",
    "note",
]


# A cell a spreadsheet would run as a formula (CSV injection): written as text, as spreadsheets
# read a cell that starts with an apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


@organization_view(roles=REGISTER_READERS)
def register_csv(request):
    """The whole register with the page's filters, one line per changed field (UTF-8 with BOM, «;»,
    as spreadsheets in Italian read it); read a page at a time."""
    form = _filter_form(request)
    rows = register_rows(request.organization, form.filters())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="registro-modifiche-{request.organization.slug}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(CSV_HEADER)
    paginator = Paginator(rows, 500)
    special = request.membership.sees_special_categories
    for number in paginator.page_range:
        page = paginator.page(number).object_list
        for entry in entries(request.organization, page, special_categories=special):
            when = f"{timezone.localtime(entry.at):%d/%m/%Y %H:%M:%S}"
            head = [when, entry.person, entry.action, entry.section, entry.object_kind, entry.object_name]
            for change in entry.changes or [None]:
                cells = [change.field, change.before, change.after] if change else ["", "", ""]
                writer.writerow([as_text(str(cell)) for cell in (*head, *cells, entry.note)])
    return response
