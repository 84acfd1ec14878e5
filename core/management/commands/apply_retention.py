from django.core.management.base import BaseCommand

from core import retention


class Command(BaseCommand):
    help = ("Apply the retention rules (Loi 25): delete, blank or anonymise the records older than each "
            "active rule allows. --dry-run only counts them. Each run is recorded (RetentionRun).")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be done, change nothing.")
        parser.add_argument("--kind", action="append", dest="kinds", metavar="CODE",
                            help="Only this kind (repeatable), e.g. notifications.outbox_bodies.")

    def handle(self, *args, dry_run=False, kinds=None, **options):
        known = {kind.code for kind in retention.kinds()}
        unknown = sorted(set(kinds or ()) - known)
        if unknown:
            self.stderr.write(f"type(s) inconnu(s) : {', '.join(unknown)} ; connus : {', '.join(sorted(known))}")
            return
        outcomes = retention.apply(dry_run=dry_run, source="command", only=kinds)
        verb = "à traiter" if dry_run else "traité(s)"
        for outcome in outcomes:
            self.stdout.write(
                f"{outcome.kind.code} — {outcome.kind.label} : {outcome.run.count} élément(s) {verb} "
                f"(plus anciens que {outcome.rule.days} jour(s), avant le {outcome.run.cutoff:%Y-%m-%d %H:%M})")
        total = sum(outcome.run.count for outcome in outcomes)
        if dry_run:
            self.stdout.write(self.style.WARNING(f"Simulation : rien n'a été modifié ({total} élément(s) visé(s))."))
        else:
            self.stdout.write(self.style.SUCCESS(f"{total} élément(s) traité(s) par {len(outcomes)} règle(s)."))
