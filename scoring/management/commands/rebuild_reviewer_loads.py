"""Recount every person's open assignments per program (what the balanced suggestion reads).

    python manage.py rebuild_reviewer_loads [--program ID ...]

After writing assignments in bulk (a dataset, an import); assignments made on the site keep them.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from scoring import loads


class Command(BaseCommand):
    help = "Recount the open assignments the balanced suggestion reads, for every program or the programs given."

    def add_arguments(self, parser):
        parser.add_argument("--program", type=int, action="append", dest="programs",
                            help="Only this program (repeatable).")

    def handle(self, *args, **options):
        with transaction.atomic():
            count = loads.rebuild(options["programs"])
        self.stdout.write(f"{count} people with open assignments in a program.")
