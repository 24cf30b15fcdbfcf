"""The pages that import an uploaded file: upload, preview, confirm.

The upload is read and imported inside a transaction that is rolled back (the preview shows
exactly what the import would do, or every problem); the file is kept (`uploads.stage`) and the
confirmation imports the very same bytes, all or nothing. A plan document (JSON) and the
workbook (XLSX) share the pages; each kind of file registers its importer (core.registry.importers), so
that a background worker can run it too: a confirmed file of IMPORT_IN_BACKGROUND_BYTES or
more is imported by a job (plans.import_jobs) and the page follows it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render

from openpiao.core.exchange import ImportProblem, check_size
from openpiao.core.forms import StyledForm
from openpiao.core.registry import importers

from . import import_jobs, uploads
from .json_document import ImportOutcome


class UploadForm(StyledForm):
    file = forms.FileField(label="File da importare")

    def __init__(self, *args, accept: str, help_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = accept
        self.fields["file"].help_text = help_text


@dataclass
class UploadPage:
    """What differs between the import pages."""

    kind: str  # the file's extension: "json", "xlsx"
    heading: str
    accept: str
    help_text: str
    template: str = "plans/import.html"


def upload_page(
    request,
    page: UploadPage,
    *,
    done: Callable[[ImportOutcome], str],
    scope: str = "",
    **context,
):
    """GET: the upload form. POST with a file: the preview. POST with the ticket: the import,
    only on a page of the same `scope` (the plan the file was previewed for); in the
    background, followed by its progress page, when the file is large."""
    owner = {"organization": request.organization, "user": request.user, "kind": page.kind, "scope": scope}
    importer = importers.get(page.kind)
    form = UploadForm(accept=page.accept, help_text=page.help_text)
    problems, outcome, ticket = [], None, ""
    if request.method == "POST" and "ticket" in request.POST:
        try:
            name, content = uploads.staged(request.POST["ticket"], **owner)
            if len(content) >= settings.IMPORT_IN_BACKGROUND_BYTES:
                job = import_jobs.request_import(
                    ticket=request.POST["ticket"], upload=name, content=content, **owner
                )
                return redirect("plans:import_job", request.organization.slug, job.pk)
            outcome = importer(
                content, organization=request.organization, user=request.user, scope=scope, preview=False
            )
        except ImportProblem as problem:
            problems, outcome = problem.problems, None
        else:
            uploads.discard(name)
            action = "sostituito" if outcome.replacing else "creato"
            messages.success(request, f"Importazione completata: {outcome.plan.display_title} {action}.")
            return redirect(done(outcome))
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES, accept=page.accept, help_text=page.help_text)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                check_size(upload.size)
                content = upload.read()
                outcome = importer(
                    content, organization=request.organization, user=request.user, scope=scope, preview=True
                )
            except ImportProblem as problem:
                problems, outcome = problem.problems, None
            else:
                ticket = uploads.stage(content, **owner)
    kinds = sorted(set(outcome.created) | set(outcome.replaced)) if outcome else []
    return render(
        request,
        page.template,
        {
            "page": page,
            "form": form,
            "problems": problems,
            "outcome": outcome,
            "rows": [(kind, outcome.replaced.get(kind, 0), outcome.created.get(kind, 0)) for kind in kinds],
            "ticket": ticket,
            "heading": page.heading,
            "trail": [(page.heading, None)],
            **context,
        },
    )
