"""Reads of the documents app."""

from django.shortcuts import get_object_or_404

from .models import PlanVersion, PrintJob


def get_version_for(plan, number: int, *fields: str) -> PlanVersion:
    """The frozen version `number` of this plan, loading only `fields` besides its number (the
    documents are large); the same 404 for a number that does not exist and another plan's."""
    return get_object_or_404(PlanVersion.objects.filter(plan=plan).only("number", *fields), number=number)


def get_print_job_for(plan, job_id: int) -> PrintJob:
    """A print of this plan; the same 404 for a job that does not exist and another plan's."""
    return get_object_or_404(PrintJob.objects.filter(plan=plan), pk=job_id)
