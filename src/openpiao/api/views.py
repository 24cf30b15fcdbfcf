"""«Chiavi API»: the user's own personal tokens for the ente, created and revoked by the user."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from openpiao.core.forms import add_errors
from openpiao.organizations.access import organization_view

from .forms import TokenForm
from .models import ApiToken
from .services import create_token, revoke_token


def _page(request, form, secret=None, status=200):
    tokens = ApiToken.objects.filter(user=request.user, organization=request.organization)
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "secret": secret,
            "api_root": request.build_absolute_uri(reverse("api:api-root")),
            "trail": [("Chiavi API", None)],
        },
        status=status,
    )


@organization_view
def token_list(request):
    form = TokenForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            _, secret = create_token(
                membership=request.membership,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                days=form.cleaned_data["days"],
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:  # shown once, on this response only (no-store: pages of a logged-in user)
            return _page(request, TokenForm(membership=request.membership), secret=secret)
    return _page(request, form)


@organization_view
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user, organization=request.organization)
    revoke_token(token=token, user=request.user)
    return redirect("api_tokens:list", request.organization.slug)
