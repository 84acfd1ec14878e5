"""The repair commands that recompute kept totals one program at a time (rebuild_commitments,
rebuild_program_results): each program in its own transaction, so the others' writes do not wait long."""

import time

from django.core.management.base import BaseCommand

from grants.models import Program


class PerProgramCommand(BaseCommand):
    def rebuild(self, program_ids):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("--program", type=int, action="append", dest="programs", metavar="ID",
                            help="Only this program (repeatable); every program by default.")

    def handle(self, *args, programs=None, **options):
        for program in Program.objects.filter(**({"pk__in": programs} if programs else {})).order_by("pk"):
            started = time.perf_counter()
            self.rebuild([program.pk])
            self.stdout.write(f"{program.code} : {time.perf_counter() - started:.1f} s")
