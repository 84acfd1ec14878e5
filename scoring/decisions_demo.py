"""Demo data for funding scenarios and the board: one scenario on the open call, one upcoming meeting.

Run by `manage.py seed_demo` after scoring.demo (the reviews). Idempotent: each is created only when
its program or call has none. Nothing is chosen, recommended or decided: the demo users do that.
"""

from datetime import timedelta

from django.utils import timezone

from .models import BoardMeeting, Scenario
from .services import decisions, scenarios


def seed(context):
    call = context["open_call"]
    people = context["people"]
    # Only once some proposal is scored and under analysis: an empty scenario would show nothing.
    if not Scenario.objects.filter(call=call).exists() and scenarios.candidate_rows(call, "raw"):
        scenarios.create(call, people["analyst"], name="Scénario de démonstration : enveloppe disponible")
    program = call.program
    if not BoardMeeting.objects.filter(program=program).exists():
        decisions.create_meeting(program, people["board"], date=timezone.localdate() + timedelta(days=21),
                                 title="Séance ordinaire du conseil d'administration",
                                 place="Salle du conseil, Baie-Comeau",
                                 notes="Décisions sur les projets recommandés de l'appel en cours.")
