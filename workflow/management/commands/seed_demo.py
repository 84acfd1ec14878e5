from django.core.management.base import BaseCommand
from django.db import transaction

from grants import demo as grants_demo
from notifications import demo as notifications_demo
from workflow import demo as workflow_demo

# The reference data and people, then the story (workflow.demo drives scoring's and accountability's
# parts), then today's reminders. Each step is idempotent: a second run writes nothing and sends nothing.
DEMO_STEPS = [grants_demo, workflow_demo, notifications_demo]


class Command(BaseCommand):
    help = "Load the demo programs, calls, organisations, proposals and one user per role (idempotent)."
    # `make run` runs it right after migrate, which has just run the system checks.
    requires_system_checks = []

    def handle(self, *args, **options):
        context = {}
        with transaction.atomic():
            for step in DEMO_STEPS:
                step.seed(context)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write("Mot de passe de toutes les connexions de démonstration : "
                          f"{grants_demo.DEMO_PASSWORD}")
        for role, person in context["people"].items():
            self.stdout.write(f"  {role:<11} {person.email}")
