"""The dataset's frame, a few thousand rows written with bulk_create: territories, programs and their axes,
calls with their rubric, organisations, people and their roles. Staff hold an authenticator, as production
requires of them (CONCERTO_STAFF_MFA_REQUIRED)."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from grants.models import Axis, Call, Membership, Organisation, Program, ProgramRole, Territory, User
from scoring.models import Criterion, Rubric

from .sizes import AXES, CALLS_PER_PROGRAM, DOMAIN, MARKER

BATCH = 2000
MRCS = 6


@dataclass
class Frame:
    programs: list = field(default_factory=list)
    mrcs: list = field(default_factory=list)  # per program: territory ids
    axes: list = field(default_factory=list)  # per program: axis ids
    calls: list = field(default_factory=list)  # per program: Call objects, the one under analysis first
    criteria: dict = field(default_factory=dict)  # call id -> (rubric id, criterion ids)
    organisations: list = field(default_factory=list)  # ids, the big organisation first
    organisation_names: list = field(default_factory=list)  # their legal names, in the same order
    applicants: list = field(default_factory=list)  # per organisation: a member's id
    analysts: list = field(default_factory=list)  # per program: (id, name)
    reviewers: list = field(default_factory=list)  # per program: ids
    board: list = field(default_factory=list)  # per program: an id
    managers: list = field(default_factory=list)  # per program: an id


def program_code(index):
    return MARKER if index == 0 else f"{MARKER}-{index}"


def email(kind, *numbers):
    return "-".join([kind, *map(str, numbers)]) + f"@{DOMAIN}"


def build(sizes, now):
    frame = Frame()
    start = timezone.localdate() - timedelta(days=6 * 365)
    for index in range(sizes.programs):
        region = Territory.objects.create(kind="region", name=f"Région {index} (banc d'essai)",
                                          code=f"{MARKER}-r{index}")
        frame.mrcs.append([mrc.pk for mrc in Territory.objects.bulk_create(
            Territory(kind="mrc", name=f"MRC {index}-{number}", code=f"{MARKER}-r{index}-{number}", parent=region)
            for number in range(MRCS))])
        program = Program.objects.create(
            code=program_code(index), name_fr=f"Plan régional de solidarité {index}", region=region,
            decision_body="Conseil d'administration", analysis_body="Équipe régionale de soutien",
            envelope=Decimal("1"), starts_on=start, ends_on=start + timedelta(days=10 * 365))
        frame.programs.append(program)
        frame.axes.append([axis.pk for axis in Axis.objects.bulk_create(
            Axis(program=program, code=f"A{number}", name_fr=f"Axe {number} : conditions de vie", order=number)
            for number in range(AXES))])
        frame.calls.append([_call(program, number, now) for number in range(CALLS_PER_PROGRAM)])
    for calls, axes in zip(frame.calls, frame.axes, strict=True):
        for call in calls:
            rubric = Rubric.objects.create(call=call, title=f"Grille — {call.title}")
            criteria = Criterion.objects.bulk_create(
                Criterion(rubric=rubric, axis_id=axis, label=f"Contribution à l'axe {number}", order=number)
                for number, axis in enumerate(axes))
            frame.criteria[call.pk] = (rubric.pk, [criterion.pk for criterion in criteria])
    _people(frame, sizes, now)
    return frame


def _call(program, number, now):
    # The call under analysis closed two months ago; older ones a year or more apart.
    opens = now - timedelta(days=120 if number == 0 else 120 + 300 * number)
    return Call.objects.create(program=program, title=f"Appel {number} — {program.name_fr}",
                               slug=f"{program.code}-{number}", opens_at=opens, closes_at=opens + timedelta(days=60),
                               max_amount=Decimal("250000"))


def _people(frame, sizes, now):
    password = make_password(None)
    organisations = Organisation.objects.bulk_create(
        (Organisation(legal_name=f"Organisme communautaire {number} (banc d'essai)", kind="obnl",
                      territory_id=frame.mrcs[number % len(frame.mrcs)][number % MRCS], verified_at=now,
                      city="Rimouski") for number in range(sizes.organisations)), batch_size=BATCH)
    frame.organisations = [organisation.pk for organisation in organisations]
    frame.organisation_names = [organisation.legal_name for organisation in organisations]
    people = [User(email=email("demandeur", number), full_name=f"Personne demandeuse {number}", password=password)
              for number in range(len(organisations) + 2)]
    staff = [_staff(sizes, index, password) for index in range(len(frame.programs))]
    User.objects.bulk_create([*people, *(user for mine in staff for _role, user in mine)], batch_size=BATCH)
    # The big organisation has three members; every other one, one.
    Membership.objects.bulk_create(
        [*(Membership(user=people[number], organisation=organisations[number]) for number in range(len(organisations))),
         *(Membership(user=people[-number], organisation=organisations[0]) for number in (1, 2))], batch_size=BATCH)
    frame.applicants = [person.pk for person in people[:len(organisations)]]
    roles = []
    for program, mine in zip(frame.programs, staff, strict=True):
        roles += [ProgramRole(user=user, program=program, role=role) for role, user in mine]
        frame.analysts.append([(user.pk, user.full_name) for role, user in mine if role == "analyst"])
        frame.reviewers.append([user.pk for role, user in mine if role == "reviewer"])
        frame.board.append(next(user.pk for role, user in mine if role == "board"))
        frame.managers.append(next(user.pk for role, user in mine if role == "manager"))
    ProgramRole.objects.bulk_create(roles, batch_size=BATCH)
    Authenticator.objects.bulk_create(
        (Authenticator(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
         for mine in staff for _role, user in mine), batch_size=BATCH)


def _staff(sizes, index, password):
    """(role, unsaved person) of program `index`."""
    def person(kind, name, *numbers):
        return User(email=email(kind, index, *numbers), full_name=f"{name} {'-'.join(map(str, (index, *numbers)))}",
                    password=password)

    return [*(("analyst", person("analyste", "Analyste", number)) for number in range(sizes.analysts(index))),
            *(("reviewer", person("evaluation", "Évaluateur", number)) for number in range(sizes.reviewers(index))),
            ("board", person("conseil", "Membre du CA")), ("manager", person("gestion", "Gestionnaire"))]
