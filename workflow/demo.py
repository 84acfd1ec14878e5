"""Demo step of `seed_demo`: the story of the Côte-Nord plan, told through the real services.

Three calls of the plan: the open one takes applications now (a draft, one filed, two under analysis with
their reviewers, one sent back for changes, one withdrawn); the thematic one is closed, its proposals
reviewed by both reviewers, ranked, put through a saved scenario and recommended, and today's board
meeting has recorded one decision with the others pending; the earlier call's projects are funded and
at every stage of their accountability, one declined. Each person does their own part: the applicants
file, the analyst analyses, the reviewers review, the board decides, the manager signs and pays.

Idempotent: every step looks at where the proposal stands and does only what is still missing.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from grants import demo as grants_demo
from grants import demo_proposals as applications
from grants.states import DECIDABLE, State
from scoring import decisions_demo
from scoring import demo as scoring_demo
from scoring.demo import DRAFT, PENDING, RECUSED, SUBMITTED, Reading
from scoring.models import Decision

from . import decisions, scenarios, services
from . import demo_accountability as accountability
from . import demo_shared as shared
from . import demo_two_stage as two_stage

# A new project starts four months after filing and lasts eighteen months; the earlier call's projects
# started eleven months ago, and their end dates put each one's reports where the story needs them.
NEW_PROJECT = (120, 660)
RUNNING_SINCE = -330


@dataclass(frozen=True)
class Line:
    title: str
    summary: str
    call: str  # key of grants.demo.CALLS
    applicant: str  # the demo person who files it, for their organisation
    target: str  # where its life cycle stands
    amount: Decimal
    days: tuple = NEW_PROJECT  # (start, end) in days from today
    readings: tuple = ()  # scoring.demo.Reading
    stage: str = ""  # demo_accountability's stage, once funded
    comment: str = ""  # why it was sent back, withdrawn, declined…
    conditions: str = ""


def _running(ends_in):
    return (RUNNING_SINCE, ends_in)


def _both(first, second):
    return (Reading("reviewer", SUBMITTED, Decimal(first)), Reading("reviewer2", SUBMITTED, Decimal(second)))


STORY = (
    # The open call.
    Line("Épicerie solidaire mobile de Sept-Îles", "Une épicerie sur roues dans les quartiers sans commerce.",
         "open", "applicant", State.DRAFT, Decimal("60000")),
    Line("Cuisines collectives dans Manicouagan", "Des cuisines collectives dans quatre municipalités.",
         "open", "applicant2", State.SUBMITTED, Decimal("48000")),
    Line("Accompagnement vers le logement à Port-Cartier",
         "Trouver et garder un logement, avec un intervenant.",
         "open", "applicant", State.UNDER_ANALYSIS, Decimal("72000"),
         readings=(Reading("reviewer", RECUSED), Reading("reviewer2", SUBMITTED, Decimal("0.75")))),
    Line("Transport solidaire vers les services de Baie-Comeau", "Des navettes vers les services de santé.",
         "open", "applicant2", State.UNDER_ANALYSIS, Decimal("52000"),
         readings=(Reading("reviewer", DRAFT), Reading("reviewer2", PENDING))),
    Line("Ateliers de littératie financière", "Des ateliers pour mieux boucler le budget familial.",
         "open", "applicant2", State.CHANGES_REQUESTED, Decimal("30000"),
         comment="Précisez le montage financier : la contribution de la municipalité est-elle confirmée ?"),
    Line("Friperie communautaire de Sept-Îles", "Des vêtements à petit prix et un lieu de rencontre.",
         "open", "applicant", State.WITHDRAWN, Decimal("25000"),
         comment="Le projet sera finalement soutenu par un autre bailleur de fonds."),
    # The thematic call: ranked, recommended from the chosen scenario, before the board.
    Line("Frigos solidaires à Sept-Îles", "Des réfrigérateurs en libre-service contre le gaspillage.",
         "thematic", "applicant", State.RECOMMENDED, Decimal("60000"), readings=_both("0.85", "0.8")),
    Line("Jardins collectifs de Baie-Comeau", "Cultiver ensemble ses légumes, de mai à octobre.",
         "thematic", "applicant2", State.RECOMMENDED, Decimal("75000"), readings=_both("0.75", "0.7")),
    Line("Popote roulante de Port-Cartier", "Des repas livrés aux aînés en perte d'autonomie.",
         "thematic", "applicant", State.NOT_RECOMMENDED, Decimal("90000"), readings=_both("0.55", "0.5")),
    Line("Paniers de légumes à prix modique dans Manicouagan",
         "Des paniers de légumes locaux à prix modique.",
         "thematic", "applicant2", State.FUNDED, Decimal("55000"), readings=_both("0.9", "0.85"),
         stage=accountability.UNSIGNED,
         conditions="Transmettre l'entente avec les producteurs avant le premier versement."),
    # The earlier call: projects under way, one declined.
    Line("Halte-répit pour proches aidants de Sept-Îles",
         "Quelques heures de répit par semaine aux proches aidants.",
         "running", "applicant", State.FUNDED, Decimal("58000"), days=_running(344),
         stage=accountability.DUE_SOON,
         conditions="Déposer la liste des partenaires confirmés avant le deuxième versement."),
    Line("Aide aux devoirs dans Manicouagan", "De l'aide aux devoirs et un goûter après l'école.",
         "running", "applicant2", State.FUNDED, Decimal("42000"), days=_running(300),
         stage=accountability.OVERDUE),
    Line("Vestiaire scolaire de Sept-Îles", "Des fournitures et des vêtements pour la rentrée.",
         "running", "applicant", State.FUNDED, Decimal("35000"), days=_running(270),
         stage=accountability.INTERIM_SUBMITTED),
    Line("Groupes d'achats collectifs de Manicouagan", "Acheter en commun pour payer moins cher.",
         "running", "applicant2", State.FUNDED, Decimal("46000"), days=_running(130),
         stage=accountability.INTERIM_ACCEPTED),
    Line("Cafés-rencontres pour aînés isolés de Sept-Îles", "Un café par semaine pour briser l'isolement.",
         "running", "applicant", State.REPORTED, Decimal("38000"), days=_running(-120),
         stage=accountability.REPORTED),
    Line("Clinique d'impôts bénévole de Baie-Comeau", "Les déclarations de revenus faites gratuitement.",
         "running", "applicant2", State.CLOSED, Decimal("20000"), days=_running(-150),
         stage=accountability.CLOSED),
    Line("Centre de jour de Port-Cartier", "Un lieu d'accueil de jour en centre-ville.",
         "running", "applicant", State.DECLINED, Decimal("120000"), days=_running(200),
         comment="Le projet dépasse la capacité de l'organisme ; il pourra être déposé de nouveau, réduit."),
)
ANALYSED = (State.UNDER_ANALYSIS, State.CHANGES_REQUESTED, State.RECOMMENDED, State.NOT_RECOMMENDED,
            State.FUNDED, State.DECLINED, State.REPORTED, State.CLOSED)
FUNDED = (State.FUNDED, State.REPORTED, State.CLOSED)


def seed(context):
    people, calls = context["people"], context["calls"]
    # The two applicants registered the first two organisations.
    members = {"applicant": context["organisations"][0], "applicant2": context["organisations"][1]}
    for key in ("open", "thematic"):
        scoring_demo.seed_rubric(calls[key], people["manager"])
    decisions_demo.seed_reservations(calls["open"].program, people["manager"])
    proposals = {}
    for key, call in calls.items():
        lines = [line for line in STORY if line.call == key]
        if lines:
            proposals.update(_file(call, lines, members, people))
    for line in STORY:
        proposals[line.title] = _analyse(proposals[line.title], line, people)
    _recommend(calls, proposals, people)
    _decide(decisions_demo.seed_meeting(calls["thematic"].program, people["board"]), proposals, people)
    for line in STORY:
        if line.stage:
            accountability.advance(proposals[line.title], line.stage, people[line.applicant], people)
    context["proposals"] = proposals
    shared.seed(context)
    two_stage.seed(context)


def _file(call, lines, members, people):
    """Each line's application, drafted and (but for the draft) filed while its call is open."""
    found = {line.title: applications.find(line.title, members[line.applicant]) for line in lines}
    to_file = [line for line in lines if found[line.title] is None
               or (found[line.title].state == State.DRAFT and line.target != State.DRAFT)]
    if not to_file:
        return found
    with grants_demo.open_while_filing(call):
        for line in to_file:
            applicant = people[line.applicant]
            proposal = found[line.title] or applications.draft(
                call, members[line.applicant], applicant, _application(line))
            if line.target != State.DRAFT:
                applications.attach_required(proposal, applicant)
                proposal = services.transition(proposal, "submit", applicant)
            found[line.title] = proposal
    return found


def _application(line):
    today = timezone.localdate()
    start, end = line.days
    # The projects serve the plan's first three axes in turn.
    return applications.Application(
        line.title, line.summary, line.amount, starts_on=today + timedelta(days=start),
        ends_on=today + timedelta(days=end), axis=STORY.index(line) % 3)


def _analyse(proposal, line, people):
    """The analyst starts the analysis, the reviewers read, the analyst sends back if the story says so."""
    applicant, analyst = people[line.applicant], people["analyst"]
    if line.target == State.WITHDRAWN and proposal.state == State.SUBMITTED:
        return services.transition(proposal, "withdraw", applicant, comment=line.comment)
    if line.target not in ANALYSED:
        return proposal
    if proposal.state == State.SUBMITTED:
        proposal = services.transition(proposal, "start_analysis", analyst)
    if proposal.state == State.UNDER_ANALYSIS:
        scoring_demo.seed_readings(proposal, line.readings, people)
    if line.target == State.CHANGES_REQUESTED and proposal.state == State.UNDER_ANALYSIS:
        proposal = services.transition(proposal, "request_changes", analyst, comment=line.comment)
    return proposal


def _recommend(calls, proposals, people):
    """The thematic call through its chosen scenario; the earlier call's proposals one by one."""
    analyst = people["analyst"]
    thematic = [proposals[line.title] for line in STORY if line.call == "thematic"]
    if any(proposal.state == State.UNDER_ANALYSIS for proposal in thematic):
        scenario = decisions_demo.seed_scenario(calls["thematic"], analyst)
        scenarios.recommend_from(scenario, analyst)
    for line in STORY:
        proposal = proposals[line.title]
        if line.call != "running" or proposal.state != State.UNDER_ANALYSIS:
            continue
        if line.target == State.DECLINED:
            proposals[line.title] = services.transition(
                proposal, "do_not_recommend", analyst, comment=line.comment)
        else:
            proposals[line.title] = services.transition(proposal, "recommend", analyst,
                                                        suggested_amount=line.amount)
    for line in STORY:
        proposals[line.title].refresh_from_db()


def _decide(meeting, proposals, people):
    """Today's meeting records the thematic call's approval; the earlier call's decisions were taken
    from the proposals' pages (no meeting). The other recommended proposals wait for the board."""
    board = people["board"]
    for resolution, line in enumerate(STORY, start=101):
        proposal = proposals[line.title]
        if line.target not in (*FUNDED, State.DECLINED) or proposal.state not in DECIDABLE:
            continue
        number = f"CA-{timezone.localdate().year}-{resolution:03d}"
        if line.call == "thematic":
            decisions.record(meeting, proposal, board, outcome=Decision.Outcome.APPROVED,
                             amount_granted=line.amount, resolution_number=number, conditions=line.conditions)
        elif line.target == State.DECLINED:
            services.transition(proposal, "decline", board, comment=line.comment, resolution_number=number,
                                decided_on=timezone.localdate())
        else:
            services.transition(proposal, "approve", board, amount_granted=line.amount,
                                resolution_number=number, decided_on=timezone.localdate(),
                                conditions=line.conditions)
        proposals[line.title].refresh_from_db()
