from datetime import date

from django.core.management.base import BaseCommand, CommandError

from notifications import reminders


class Command(BaseCommand):
    help = "Run the reminder scan now (the same one Celery beat runs daily) and print what it sends."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Scan as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be sent; change nothing.")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as error:
            raise CommandError("--date attend le format AAAA-MM-JJ") from error
        result = reminders.scan(today, dry_run=options["dry_run"])
        verb = "serait envoyé" if options["dry_run"] else "envoyé"
        for reminder in result.claimed:
            emails = ", ".join(person.email for person in reminder.recipients)
            self.stdout.write(f"{verb} : {reminder.kind} {reminder.occurrence} "
                              f"{reminder.object_type}#{reminder.object_id} → {emails}")
        self.stdout.write(self.style.SUCCESS(
            f"{result.today} : {result.candidates} rappel(s) dû(s), {len(result.claimed)} réclamé(s), "
            f"{result.messages} message(s){' (essai, rien n’a été enregistré)' if options['dry_run'] else ''}."))
