"""Demo data for funding scenarios and the board: the program's reservations per MRC, a saved and chosen
scenario on the call whose proposals are analysed, and today's board meeting.

Recommending from the scenario and recording decisions run the proposals' life cycle: the workflow's demo
does it. Idempotent: each is created only when its program or call has none.
"""

from decimal import Decimal

from django.utils import timezone

from grants.models import Territory
from grants.services import reservations

from .models import BoardMeeting, Scenario
from .services import decisions, scenarios

# 250 000 $ for each of the six Côte-Nord MRCs: 1,5 M$ of the plan's 2,6 M$, the rest left regional.
MRC_RESERVATION = Decimal("250000")
# The part of the envelope the team gives the thematic call: not enough for every proposal it ranked.
SCENARIO_ENVELOPE = Decimal("200000")
SCENARIO_NAME = "Scénario retenu : 200 000 $ pour l'appel thématique"
MEETING_TITLE = "Séance ordinaire du conseil d'administration"


def seed_reservations(program, manager):
    if program.reservations.exists():
        return
    for mrc in Territory.objects.filter(kind=Territory.Kind.MRC, parent_id=program.region_id):
        reservations.reserve(program, manager, dimension="mrc", territory=mrc, amount=MRC_RESERVATION)


def seed_scenario(call, analyst):
    """The scenario the team chose for the call, once its proposals are scored."""
    scenario = Scenario.objects.filter(call=call, name=SCENARIO_NAME).first()
    if scenario is None:
        if not scenarios.candidate_rows(call, "raw"):
            return None  # an empty scenario would show nothing
        scenario = scenarios.create(call, analyst, name=SCENARIO_NAME, envelope=SCENARIO_ENVELOPE)
    if not scenario.chosen:
        scenario = scenarios.choose(scenario, analyst)
    return scenario


def seed_meeting(program, board):
    """Today's meeting, where the board decides on the recommended proposals."""
    meeting = BoardMeeting.objects.filter(program=program, title=MEETING_TITLE).first()
    if meeting is not None:
        return meeting
    return decisions.create_meeting(program, board, date=timezone.localdate(), title=MEETING_TITLE,
                                    place="Salle du conseil, Baie-Comeau",
                                    notes="Décisions sur les projets recommandés de l'appel thématique.")
