"""A user's deadlines as an iCalendar feed (RFC 5545, written by the `icalendar` library): one
all-day event per deadline of every ente the user belongs to, for last year, this year and next.
The address carries a secret (FeedToken); a calendar application reads it without signing in."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from openpiao.organizations.models import Membership

from .selectors import Entry, calendar_between

PRODUCT_ID = "-//OpenPIAO//Scadenzario//IT"


def _description(entry: Entry) -> str:
    lines = [f"Norma: {entry.deadline.norm}", f"Stato: {entry.status}"]
    if entry.done_on:
        lines.append(f"Svolto il {entry.done_on:%d/%m/%Y} ({entry.evidence})")
    lines.extend(
        f"{step.label}: {step.value}" + (f" ({step.formula})" if step.formula else "")
        for step in entry.deadline.steps
    )
    return "\n".join(lines)


def user_feed(user, *, base_url: str) -> bytes:
    today = timezone.localdate()
    stamp = datetime.now(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Scadenze PIAO")
    memberships = (
        Membership.objects.filter(user=user).select_related("organization").order_by("organization__name")
    )
    for membership in memberships:
        organization = membership.organization
        for entry in calendar_between(organization, today.year - 1, today.year + 1, today=today):
            event = Event()
            event.add("uid", f"{entry.key}.{organization.slug}@openpiao")
            event.add("dtstamp", stamp)
            event.add("dtstart", entry.deadline.due)
            event.add("dtend", entry.deadline.due + timedelta(days=1))
            event.add("summary", f"{organization.name}: {entry.deadline.title}")
            event.add("description", _description(entry))
            event.add("categories", [str(entry.status)])
            if entry.link:
                event.add("url", base_url + entry.link)
            calendar.add_component(event)
    return calendar.to_ical()
