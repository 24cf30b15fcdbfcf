"""A sign-in that owes a second factor sees only the page that asks for it (and «Esci») until
it is given: the code of the person's device, or the enrolment when it is mandatory."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .second_factor import ENROL, STEP_SESSION_KEY, VERIFY

PAGES = {VERIFY: "accounts:verify", ENROL: "accounts:second_factor"}


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware, which tells whether the session is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = request.session.get(STEP_SESSION_KEY) if request.user.is_authenticated else None
        if step in PAGES and not request.user.is_verified():
            page = reverse(PAGES[step])
            open_paths = (page, reverse("logout"), settings.STATIC_URL)  # STATIC_URL starts with /
            if not request.path.startswith(open_paths):
                return redirect(f"{page}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
