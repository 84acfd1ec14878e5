"""Recompute every proposal's review figures and z-score (what the ranking page reads) from the reviews.

    python manage.py rebuild_review_figures [--call ID ...]

After writing submitted reviews in bulk (a dataset, an import); submissions through the site keep them.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from scoring import figures


class Command(BaseCommand):
    help = "Recompute the review figures the ranking page reads, for every call or the calls given."

    def add_arguments(self, parser):
        parser.add_argument("--call", type=int, action="append", dest="calls", help="Only this call (repeatable).")

    def handle(self, *args, **options):
        with transaction.atomic():
            count = figures.rebuild(options["calls"])
        self.stdout.write(f"{count} proposals with submitted reviews.")
