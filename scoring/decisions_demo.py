"""Demo data for funding scenarios and the board: the program's reservations per MRC, one scenario on the
open call, one upcoming meeting.

Run by `manage.py seed_demo` after scoring.demo (the reviews). Idempotent: each is created only when
its program or call has none. Nothing is chosen, recommended or decided: the demo users do that.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from grants.models import Territory
from grants.services import reservations

from .models import BoardMeeting, Scenario
from .services import decisions, scenarios

# 250 000 $ for each of the six Côte-Nord MRCs: 1,5 M$ of the plan's 2,6 M$, the rest left regional.
MRC_RESERVATION = Decimal("250000")


def seed(context):
    call = context["open_call"]
    people = context["people"]
    program = call.program
    if not program.reservations.exists():
        for mrc in Territory.objects.filter(kind=Territory.Kind.MRC, parent_id=program.region_id):
            reservations.reserve(program, people["manager"], dimension="mrc", territory=mrc,
                                 amount=MRC_RESERVATION)
    # Only once some proposal is scored and under analysis: an empty scenario would show nothing.
    if not Scenario.objects.filter(call=call).exists() and scenarios.candidate_rows(call, "raw"):
        scenarios.create(call, people["analyst"], name="Scénario de démonstration : enveloppe disponible")
    if not BoardMeeting.objects.filter(program=program).exists():
        decisions.create_meeting(program, people["board"], date=timezone.localdate() + timedelta(days=21),
                                 title="Séance ordinaire du conseil d'administration",
                                 place="Salle du conseil, Baie-Comeau",
                                 notes="Décisions sur les projets recommandés de l'appel en cours.")
