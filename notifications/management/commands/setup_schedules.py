from django.core.management.base import BaseCommand

from notifications import schedules


class Command(BaseCommand):
    help = "Create the Celery beat schedules (reminders, digest, outbox sweep, retention) that are missing."

    def handle(self, *args, **options):
        created = schedules.ensure_current()
        for name in created:
            self.stdout.write(f"créé : {name}")
        self.stdout.write(self.style.SUCCESS(f"{len(created)} planification(s) créée(s)."))
