"""The scadenzario's writes: a deadline marked done by hand (or reopened), a user's calendar
address made or revoked, the reminders recorded. Each in one transaction, with its audit row."""

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openpiao.core.audit import Action, record

from .models import Completion, FeedToken, Reminder, secret_hash
from .selectors import Entry


class NotMarkable(Exception):
    """The deadline is done when the product's data say so (the delibera, the publication)."""


@transaction.atomic
def mark_done(*, organization, entry: Entry, done_on: date | None, user) -> Completion:
    if not entry.markable:
        raise NotMarkable("Questa scadenza risulta svolta dai dati del piano, non si segna a mano.")
    today = timezone.localdate()
    if done_on is None:
        raise ValidationError({"done_on": "Indicare la data in cui l'adempimento è stato svolto."})
    if done_on > today:
        raise ValidationError({"done_on": "La data non può essere futura."})
    if done_on.year < entry.deadline.year - 1:
        raise ValidationError({"done_on": f"La data è precedente al ciclo {entry.deadline.year}."})
    completion = Completion(organization=organization, key=entry.key, done_on=done_on, recorded_by=user)
    completion.full_clean(exclude=["organization", "recorded_by"], validate_unique=False)
    completion, _ = Completion.objects.update_or_create(
        organization=organization, key=entry.key, defaults={"done_on": done_on, "recorded_by": user}
    )
    record(
        organization=organization,
        user=user,
        action=Action.DEADLINE_DONE,
        obj=completion,
        deadline=entry.deadline.title,
        done_on=done_on.isoformat(),
    )
    return completion


@transaction.atomic
def reopen(*, organization, entry: Entry, user) -> None:
    deleted, _ = Completion.objects.filter(organization=organization, key=entry.key).delete()
    if deleted:
        record(
            organization=organization,
            user=user,
            action=Action.DEADLINE_REOPENED,
            deadline=entry.deadline.title,
        )


@transaction.atomic
def new_feed_token(*, user) -> str:
    """A new secret address for `user`'s calendar; the old one stops working. Returns the secret,
    which is not kept (only its hash)."""
    token = secrets.token_urlsafe(32)
    FeedToken.objects.update_or_create(user=user, defaults={"token_hash": secret_hash(token)})
    return token


def revoke_feed_token(*, user) -> None:
    FeedToken.objects.filter(user=user).delete()


def record_reminder(*, organization, user, entry: Entry) -> Reminder | None:
    """The reminder of `entry` to `user`, recorded once: None if it already was."""
    deadline = entry.deadline
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                organization=organization,
                user=user,
                key=deadline.key,
                due=deadline.due,
                title=deadline.title[:300],
                norm=deadline.norm[:300],
            )
    except IntegrityError:
        return None
