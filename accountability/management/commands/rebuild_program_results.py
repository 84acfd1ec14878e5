import time

from django.core.management.base import BaseCommand

from accountability import totals
from grants.models import Program


class Command(BaseCommand):
    help = ("Recompute each program's results (the totals of the program results page, accountability.totals) "
            "from the agreements, reports and indicators: after rows written in bulk or edited in the admin.")

    def add_arguments(self, parser):
        parser.add_argument("--program", type=int, action="append", dest="programs", metavar="ID",
                            help="Only this program (repeatable); every program by default.")

    def handle(self, *args, programs=None, **options):
        for program in Program.objects.filter(**({"pk__in": programs} if programs else {})).order_by("pk"):
            started = time.perf_counter()
            totals.rebuild([program.pk])  # a transaction per program: the others' acceptances do not wait long
            self.stdout.write(f"{program.code} : {time.perf_counter() - started:.1f} s")
