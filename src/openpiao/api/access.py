"""Tenancy of the token routes: the ente of the address must be the token's, the plan inside it.

The same 404 for an ente that does not exist and one that is not the token's, as for the pages
(organizations.access); an adopted plan refuses edits of its content with the pages' reason.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from openpiao.organization_chart.scope import EditScope, unit_scope
from openpiao.plans.access import ADOPTED_PLAN_IS_LOCKED


def plan_for(request, org: str, year: int, *, editing: bool = False):
    caller = request.auth
    if caller.organization.slug != org:
        raise Http404("Ente non trovato.")
    plan = get_object_or_404(caller.organization.plans.select_related("organization"), first_year=year)
    if editing and not plan.is_editable:
        raise PermissionDenied(ADOPTED_PLAN_IS_LOCKED)
    return plan


def scope_for(request, plan) -> EditScope:
    return unit_scope(request.auth.membership, plan)
