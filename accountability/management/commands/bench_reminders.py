import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from accountability import bench
from notifications import reminders


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Create many reports, time the reminder scan (target: under 10 s for 1,000,000), then roll back."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=100_000)
        parser.add_argument("--keep", action="store_true", help="Keep the generated data.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        try:
            with transaction.atomic():
                started = time.perf_counter()
                bench.create_reports(options["reports"], today)
                self.check_deferred(settle=True)
                self.stdout.write(f"{options['reports']} rapports créés en {time.perf_counter() - started:.1f} s")
                scans = [("premier balayage (tout l'arriéré d'un an)", today),
                         ("balayage du lendemain (régime quotidien)", today + timedelta(days=1)),
                         ("même jour relancé (idempotent)", today + timedelta(days=1))]
                for label, day in scans:
                    started, cpu = time.perf_counter(), time.process_time()
                    result = reminders.scan(day)
                    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
                    checked = time.perf_counter()
                    self.check_deferred()
                    checks = time.perf_counter() - checked
                    # The target is met only with the checks the commit would run: the scan pays for them.
                    total = elapsed + checks
                    self.stdout.write(
                        f"{label} : {total:.2f} s — balayage {elapsed:.2f} s (dont {cpu:.2f} s de calcul Python) "
                        f"+ {checks:.2f} s de contrôles de clés étrangères à la validation — {result.candidates} "
                        f"rappels dus, {result.won} réclamés, {result.messages} messages "
                        f"({'sous' if total < 10 else 'AU-DESSUS de'} la cible de 10 s)")
                if not options["keep"]:
                    raise Rollback
        except Rollback:
            self.stdout.write("Données du banc d'essai annulées (--keep pour les garder).")

    @staticmethod
    def check_deferred(*, settle=False):
        """Check the foreign keys of the new rows now: a real scan pays for them at commit, which a rolled-back
        bench never reaches (timed, and added to the scan's time). `settle`: then gather the tables' statistics
        and write the new data to disk, as a database holding a million reports has long done before its scan
        (without statistics, a nearly empty database planned the scan for a few rows: 27 s instead of 7)."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                if settle:
                    for table in ("grants_report", "grants_agreement", "grants_proposal", "grants_membership",
                                  "grants_user", "grants_programrole"):
                        cursor.execute(f"ANALYZE {table}")
                    cursor.execute("CHECKPOINT")
