from datetime import date

from django.core.management.base import BaseCommand

from openpiao.deadlines.jobs import DAYS_AFTER, DAYS_BEFORE, enqueue_reminders


class Command(BaseCommand):
    help = (
        "Mette in coda i promemoria delle scadenze "
        f"(da {DAYS_BEFORE} giorni prima a {DAYS_AFTER} giorni dopo), "
        "uno per scadenza e persona: da eseguire ogni giorno (cron, timer di systemd)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--oggi", type=date.fromisoformat, help="la data da considerare oggi (AAAA-MM-GG)"
        )

    def handle(self, *args, oggi=None, **options):
        queued = enqueue_reminders(oggi)
        self.stdout.write(f"Promemoria messi in coda: {queued}.")
