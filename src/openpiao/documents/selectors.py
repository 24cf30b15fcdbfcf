"""Reads of the documents app."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from . import jobs
from .models import PlanVersion, PrintJob


def get_version_for(plan, number: int, *fields: str) -> PlanVersion:
    """The frozen version `number` of this plan, loading only `fields` besides its number (the
    documents are large); the same 404 for a number that does not exist and another plan's."""
    return get_object_or_404(PlanVersion.objects.filter(plan=plan).only("number", *fields), number=number)


def get_print_job_for(plan, job_id: int, membership) -> PrintJob:
    """A print of this plan that `membership` may read; the same 404 for a job that does not
    exist, another plan's, and a Relazione printed for readers with other rights (a member
    never follows, nor downloads, a print showing names it may not see)."""
    job = get_object_or_404(PrintJob.objects.filter(plan=plan), pk=job_id)
    if job.readers and job.readers != jobs.readers_of(plan, job.target, membership):
        raise Http404("Stampa non trovata.")
    return job
