import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from grants.demo import DEMO_PASSWORD

# Each app seeds its own part, in this order; each step is idempotent.
DEMO_STEPS = ["grants.demo", "workflow.demo", "scoring.demo", "scoring.decisions_demo", "grants.accountability_demo",
              "notifications.demo"]


class Command(BaseCommand):
    help = "Load the demo programs, calls, organisations, proposals and one user per role (idempotent)."

    def handle(self, *args, **options):
        context = {}
        with transaction.atomic():
            for module_name in DEMO_STEPS:
                try:
                    module = importlib.import_module(module_name)
                except ModuleNotFoundError as error:
                    if error.name != module_name:
                        raise
                    continue
                module.seed(context)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(f"Mot de passe de toutes les connexions de démonstration : {DEMO_PASSWORD}")
        for role, person in context["people"].items():
            self.stdout.write(f"  {role:<11} {person.email}")
