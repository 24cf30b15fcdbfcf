"""Reminder e-mails as background jobs (the Django Tasks API, like documents.jobs): the daily
command `send_deadline_reminders` records who must be reminded of which deadline (once per
deadline and person, `Reminder`) and queues one job per reminder; the job sends the e-mail."""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from openpiao.organizations.models import Membership, Organization

from . import services
from .models import Reminder
from .rules import Status
from .selectors import calendar_between

try:  # Django 6 has the Tasks API built in; Django 5.2 has its backport.
    from django.tasks import task
except ImportError:
    from django_tasks import task

# A deadline is reminded from this many days before it; one missed in the last days is still
# reminded once (a reminder of a deadline long past would tell nobody anything new).
DAYS_BEFORE = 14
DAYS_AFTER = 7


def due_reminders(organization: Organization, today: date) -> list[tuple[object, object]]:
    """(member's user, entry) pairs to remind today: open deadlines in the window, to whom acts on them."""
    entries = [
        entry
        for entry in calendar_between(organization, today.year - 1, today.year, today=today)
        if entry.status in (Status.DUE, Status.OVERDUE)
        and today - timedelta(days=DAYS_AFTER) <= entry.deadline.due <= today + timedelta(days=DAYS_BEFORE)
    ]
    if not entries:
        return []
    members = (
        Membership.objects.filter(organization=organization).exclude(user__email="").select_related("user")
    )
    return [
        (member.user, entry)
        for entry in entries
        for member in members
        if member.user.is_active and member.role in entry.deadline.actors
    ]


def enqueue_reminders(today: date | None = None) -> int:
    """Record and queue today's reminders of every ente; returns how many were queued."""
    today = today or timezone.localdate()
    queued = 0
    for organization in Organization.objects.order_by("pk"):
        for user, entry in due_reminders(organization, today):
            reminder = services.record_reminder(organization=organization, user=user, entry=entry)
            if reminder is not None:
                send_reminder.enqueue(reminder.pk, today.isoformat())
                queued += 1
    # A reminder recorded but never sent (a worker lost its job) is queued again.
    for pk in Reminder.objects.filter(
        sent_at__isnull=True, created_at__lt=timezone.now() - timedelta(hours=12)
    ).values_list("pk", flat=True):
        send_reminder.enqueue(pk, today.isoformat())
        queued += 1
    return queued


@task()
def send_reminder(reminder_id: int, as_of: str) -> bool:
    """Send one reminder e-mail, once: a reminder already sent is not sent again. `as_of` is the
    day the reminder was queued for (the days left are counted from it)."""
    reminder = Reminder.objects.select_related("organization", "user").get(pk=reminder_id)
    if reminder.sent_at is not None:
        return False
    today = date.fromisoformat(as_of)
    context = {
        "reminder": reminder,
        "name": reminder.user.get_full_name() or reminder.user.get_username(),
        "days_left": (reminder.due - today).days,
        "overdue": reminder.due < today,
        "link": settings.SITE_URL
        + reverse("deadlines:year", args=[reminder.organization.slug, reminder.due.year])
        if settings.SITE_URL
        else "",
    }
    subject = render_to_string("deadlines/reminder_subject.txt", context).strip()
    body = render_to_string("deadlines/reminder_email.txt", context)
    send_mail(subject, body, None, [reminder.user.email])
    Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return True
