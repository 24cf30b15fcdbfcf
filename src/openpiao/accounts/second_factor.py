"""The second factor (TOTP, django-otp) of the service operator and of the enti's
administrators: who may enable it, who must, and what a sign-in still owes."""

from django.conf import settings
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from openpiao.organizations.models import Membership, Role, is_service_operator

# The session key of what a sign-in still owes: VERIFY (a code of a confirmed device) or
# ENROL (the second factor is mandatory and the person has none yet).
STEP_SESSION_KEY = "second_factor_step"
VERIFY, ENROL = "verify", "enrol"
RECOVERY_CODES = 10


def may_use_second_factor(user) -> bool:
    """The service operator and the administrators of an ente."""
    return is_service_operator(user) or Membership.objects.filter(user=user, role=Role.ADMIN).exists()


def is_mandatory_for(user) -> bool:
    return settings.SECOND_FACTOR_REQUIRED and may_use_second_factor(user)


def has_second_factor(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def step_after_sign_in(user) -> str | None:
    if has_second_factor(user):
        return VERIFY
    if is_mandatory_for(user):
        return ENROL
    return None


def new_recovery_codes(user) -> list[str]:
    """Ten single-use recovery codes (django-otp's static device), replacing any earlier ones."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Codici di recupero")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
