"""manage.py import_territories FILE.csv: regions, MRCs and municipalities from the MAMH register."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from grants.services import territories
from grants.tabular import decode, records

KINDS = (("region", "régions"), ("mrc", "MRC"), ("municipality", "municipalités"))


class Command(BaseCommand):
    help = (
        "Charge les régions administratives, les MRC (et territoires équivalents) et les municipalités du "
        "Répertoire des municipalités du Québec (MAMH, fichier CSV publié sur Données Québec). Colonnes lues "
        "par leur titre, dans n'importe quel ordre : mcode (code géographique de la municipalité), munnom "
        "(nom), regadm (« Côte-Nord (09) »), mrc (« Sept-Rivières (971) ») ; facultatives : « Code région » "
        "et « Code MRC » quand regadm et mrc ne donnent que le nom. Séparateur virgule, point-virgule ou "
        "tabulation ; UTF-8 ou Windows-1252. Peut être relancée : les codes sont les clés, rien n'est "
        "supprimé. Les municipalités hors MRC sont ignorées et comptées. Détails : grants/services/territories.py."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Le fichier CSV du répertoire (p. ex. MUN.csv).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Lire et compter sans rien enregistrer.")

    def handle(self, *args, file, dry_run, **options):
        try:
            rows = records(decode(file.read_bytes()))
        except OSError as error:
            raise CommandError(f"Lecture impossible de {file} : {error}") from error
        try:
            with transaction.atomic():
                outcome = territories.import_register(rows)
                if dry_run:
                    transaction.set_rollback(True)
        except territories.RegisterError as error:
            raise CommandError(str(error)) from error
        prefix = "Simulation — " if dry_run else ""
        for kind, label in KINDS:
            self.stdout.write(f"{prefix}{label} : {outcome.created[kind]} ajoutées, {outcome.updated[kind]} mises à "
                              f"jour, {outcome.unchanged[kind]} inchangées")
        if outcome.skipped:
            self.stdout.write(self.style.WARNING(f"{len(outcome.skipped)} lignes ignorées :"))
            for line, reason in outcome.skipped[:20]:
                self.stdout.write(f"  ligne {line} : {reason}")
            if len(outcome.skipped) > 20:
                self.stdout.write(f"  … et {len(outcome.skipped) - 20} autres")
        self.stdout.write(self.style.SUCCESS("Terminé." if not dry_run else "Simulation terminée : rien n'a changé."))
