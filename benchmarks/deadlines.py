"""How long the scadenzario takes: the ente's year, the iCalendar feed, the daily reminders.

    .venv/bin/python benchmarks/deadlines.py [--runs 5]

Uses its own SQLite database in a temporary folder, loaded with the demo. Measures, as the
median of the runs, Casorate Primo's calendar of 2025 (its transparency map included), the
feed of a user member of the three demo comuni, and `enqueue_reminders` over every ente on a
day of January (the e-mails go to Django's in-memory outbox, rolled back after each run).
"""

import os
import statistics
import time
from datetime import date

from _demo import Undo, run_on_demo


def main() -> None:
    run_on_demo(__doc__.splitlines()[0], measure)


def _timed(runs: int, work) -> tuple[float, int, object]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    times, queries, result = [], 0, None
    for _ in range(runs):
        try:
            with transaction.atomic(), CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                result = work()
                times.append(time.perf_counter() - start)
                queries = len(captured)
                raise Undo
        except Undo:
            pass
    return statistics.median(times) * 1000, queries, result


def measure(runs: int) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from openpiao.deadlines.feed import user_feed
    from openpiao.deadlines.jobs import enqueue_reminders
    from openpiao.organizations.models import Membership, Organization

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    casorate = Organization.objects.get(slug="casorate-primo")
    from openpiao.deadlines.selectors import year_calendar

    ms, queries, entries = _timed(runs, lambda: year_calendar(casorate, 2025, today=date(2026, 11, 30)))
    cores = os.cpu_count()
    print(f"Scadenzario 2025 di Casorate Primo: {ms:.1f} ms, {queries} query, {len(entries)} scadenze")

    user = get_user_model().objects.filter(memberships__isnull=False).distinct().first()
    for organization in Organization.objects.exclude(memberships__user=user):
        Membership.objects.get_or_create(user=user, organization=organization, defaults={"role": "reader"})
    enti = Membership.objects.filter(user=user).count()
    ms, queries, body = _timed(runs, lambda: user_feed(user, base_url="https://piao.example.it"))
    print(
        f"Calendario iCalendar di un utente di {enti} enti: {ms:.1f} ms, {queries} query, "
        f"{body.count(b'BEGIN:VEVENT')} eventi, {len(body) / 1024:.0f} KiB"
    )

    for member in Membership.objects.select_related("user"):
        if not member.user.email:
            member.user.email = f"{member.user.username}@example.it"
            member.user.save(update_fields=["email"])
    ms, queries, queued = _timed(runs, lambda: enqueue_reminders(date(2027, 1, 20)))
    print(
        f"Promemoria del 20/01/2027 per {Organization.objects.count()} enti: {ms:.0f} ms, {queries} query, "
        f"{queued} e-mail (mediana di {runs}, {cores} core)"
    )


if __name__ == "__main__":
    main()
