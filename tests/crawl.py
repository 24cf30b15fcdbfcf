"""The walks over the project's URLs that several tests share.

- `organization_urls()`: every named URL that carries an ente, with its arguments; `ARGUMENTS` fills them
  with rows of a plan (`factories.one_row_of_each_kind`, the `casorate_rows` fixture);
- `is_download(url)`: a file (PDF, DOCX, JSON, XLSX), not a page. Printing a PDF takes seconds,
  so the walks that look at pages skip them; the tests about files request them on purpose;
- `linked_pages(client, start)`: the pages a member reaches by following links, one per kind.
"""

import re
from collections.abc import Callable, Iterator
from urllib.parse import urlparse

from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

FILE_SUFFIXES = (".pdf", ".docx", ".json", ".xlsx", ".csv")


def _walk(resolver=None, namespace: str = "", params: frozenset = frozenset()):
    """(url name, URL arguments) of every named pattern, arguments of enclosing includes too."""
    for entry in (resolver or get_resolver()).url_patterns:
        here = params | set(entry.pattern.converters)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, inner, frozenset(here))
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, frozenset(here)


def organization_urls() -> dict[str, frozenset]:
    """Every URL that carries an ente (the admin has its own, staff-only, permissions; the REST
    API its tokens, swept by tests/api/test_route_sweep.py), except the public pages of the
    published plans (`public_urls`), which are open to everyone."""
    public = public_urls()
    return {
        name: args
        for name, args in _walk()
        if "org" in args and not name.startswith(("admin:", "api:")) and name not in public
    }


def public_urls() -> dict[str, frozenset]:
    """Every URL served without login: the publication app's, but its settings page."""
    return {
        name: args
        for name, args in _walk()
        if name.startswith("publication:") and name != "publication:settings"
    }


# How to fill each URL argument with a row of the plan. Add a line for every new argument.
ARGUMENTS: dict[str, Callable] = {
    "org": lambda plan, rows: plan.organization.slug,
    "year": lambda plan, rows: plan.first_year,
    "unit_id": lambda plan, rows: rows["unit"].pk,
    "employee_id": lambda plan, rows: rows["employee"].pk,
    "resource_id": lambda plan, rows: rows["unit_resource"].pk,
    "objective_id": lambda plan, rows: rows["objective"].pk,
    "indicator_id": lambda plan, rows: rows["indicator"].pk,
    "strategic_id": lambda plan, rows: rows["strategic"].pk,
    "part": lambda plan, rows: "indicatori",
    "process_id": lambda plan, rows: rows["process"].pk,
    "measure_id": lambda plan, rows: rows["measure"].pk,
    "assignment_id": lambda plan, rows: rows["assignment"].pk,
    "request_id": lambda plan, rows: rows["access"].pk,
    "table": lambda plan, rows: "assunzioni",
    "row_id": lambda plan, rows: rows["hire"].pk,
    "kind": lambda plan, rows: "intermedia",
    "review_id": lambda plan, rows: rows["review"].pk,
    "fmt": lambda plan, rows: "pdf",
    "section": lambda plan, rows: "2.2",
    "number": lambda plan, rows: rows["version"].number,
    "job_id": lambda plan, rows: rows["print_job"].pk,
    "import_id": lambda plan, rows: rows["import_job"].pk,
    "plan_job_id": lambda plan, rows: rows["plan_job"].pk,
    "membership_id": lambda plan, rows: rows["membership"].pk,
    "invitation_id": lambda plan, rows: rows["invitation"].pk,
    "token_id": lambda plan, rows: rows["api_token"].pk,
}
# Where an argument's value depends on the URL too.
FOR_URL: dict[str, dict[str, Callable]] = {
    "human_capital:singleton_edit": {"table": lambda plan, rows: "rendiconto"},
    "transparency:art13_file": {"fmt": lambda plan, rows: "csv"},
}


def url_of(name: str, args, plan, rows, **fixed) -> str:
    """The address of URL `name` with its arguments from `plan` and `rows` (or `fixed`)."""
    fill = {**ARGUMENTS, **FOR_URL.get(name, {})}
    values = {arg: fixed[arg] if arg in fixed else fill[arg](plan, rows) for arg in args}
    return reverse(name, kwargs=values)


def is_download(url: str) -> bool:
    """The URL serves a file: a format in its arguments (stampa/pdf/) or a file name (piano.json)."""
    match = resolve(urlparse(url).path)
    return "fmt" in match.kwargs or match.route.endswith(FILE_SUFFIXES)


def linked_pages(client, start: str) -> Iterator[tuple[str, str]]:
    """(address, HTML) of every page of the plan at `start` that answers 200, reached by links,
    one address per kind (view, its non-id arguments, table and part). Files are not followed."""
    inside = re.compile(r'href="(' + re.escape(start) + r'[^"#?]*)"')
    queue, seen, kinds = [start], {start}, set()
    while queue:
        address = queue.pop()
        response = client.get(address)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        yield address, html
        for link in inside.findall(html):
            if link in seen or is_download(link):
                continue
            match = resolve(urlparse(link).path)
            kind = (
                match.view_name,
                tuple(sorted(k for k in match.kwargs if not k.endswith("_id"))),
                match.kwargs.get("table"),
                match.kwargs.get("part"),
            )
            if kind not in kinds:
                seen.add(link)
                kinds.add(kind)
                queue.append(link)


# The values each argument of a public URL takes: every format, every dataset.
PUBLIC_FORMATS = {
    "publication:document": ("pdf", "docx"),
    "publication:version_document": ("pdf", "docx"),
    "publication:dataset": ("csv", "json"),
    "publication:version_dataset": ("csv", "json"),
    "publication:catalogue": ("rdf", "jsonld"),
    "publication:relazione": ("pdf", "docx"),
}


def public_addresses(org: str, year: int, numbers, dataset_slugs) -> dict[str, list[str]]:
    """url name → every address of that public URL for the ente's plan of `year`: each version
    number, each format, each dataset."""
    addresses: dict[str, list[str]] = {}
    for name, args in public_urls().items():
        choices = {
            "org": [org],
            "year": [year],
            "number": list(numbers),
            "fmt": list(PUBLIC_FORMATS.get(name, ())),
            "slug": list(dataset_slugs),
        }
        combos = [{}]
        for arg in sorted(args):
            combos = [{**combo, arg: value} for combo in combos for value in choices[arg]]
        addresses[name] = [reverse(name, kwargs=combo) for combo in combos]
    return addresses
