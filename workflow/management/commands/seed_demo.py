from django.core.management.base import BaseCommand
from django.db import transaction

from grants import demo as grants_demo
from notifications import demo as notifications_demo
from scoring import decisions_demo as scoring_decisions_demo
from scoring import demo as scoring_demo
from workflow import demo as workflow_demo
from workflow import demo_accountability

# Each app seeds its own part, in this order; each step is idempotent.
DEMO_STEPS = [grants_demo, workflow_demo, scoring_demo, scoring_decisions_demo, demo_accountability,
              notifications_demo]


class Command(BaseCommand):
    help = "Load the demo programs, calls, organisations, proposals and one user per role (idempotent)."

    def handle(self, *args, **options):
        context = {}
        with transaction.atomic():
            for step in DEMO_STEPS:
                step.seed(context)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(f"Mot de passe de toutes les connexions de démonstration : {grants_demo.DEMO_PASSWORD}")
        for role, person in context["people"].items():
            self.stdout.write(f"  {role:<11} {person.email}")
