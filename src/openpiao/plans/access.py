"""Plan-scoped views: /enti/<org>/piani/<year>/… resolves the plan inside the ente."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from openpiao.organizations.access import organization_view

ADOPTED_PLAN_IS_LOCKED = "Il piano è adottato: le modifiche richiedono una nuova versione."


def plan_view(view=None, *, roles=None, editing: bool = False):
    """Like `organization_view`, plus `request.plan` from the `year` URL argument.

    With `editing=True` the view edits the plan's content: once the plan is no longer a draft
    it answers 403 with the reason (also to GET, so a typed address does not open a form that
    could not be saved); an adopted plan changes only through a new version.
    """

    def decorator(func):
        @organization_view(roles=roles)
        @wraps(func)
        def wrapper(request, year, *args, **kwargs):
            # Through the ente's manager, so request.plan.organization needs no query of its own.
            request.plan = get_object_or_404(request.organization.plans, first_year=year)
            if editing and not request.plan.is_editable:
                raise PermissionDenied(ADOPTED_PLAN_IS_LOCKED)
            return func(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator


def plan_url(plan, name: str, *args) -> str:
    """The address of one of the plan's pages: `name` under /enti/<org>/piani/<year>/, then `args`."""
    return reverse(name, args=[plan.organization.slug, plan.first_year, *args])
