"""What the rush needs before its clock starts: an open call in the big program, applicants of their own
organisations, complete drafts, and signed-in sessions written straight to the session table (the rush
measures submitting, not password hashing)."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import transaction
from django.utils import timezone

from core.sessions import SessionStore
from grants.completeness import missing_items
from grants.models import BudgetLine, Call, Indicator, Membership, Organisation, Proposal, User

from .bulk import text
from .sizes import MARKER
from .structure import email

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


class Incomplete(Exception):
    pass


@transaction.atomic
def prepare(data, applicants, each):
    """`each` complete drafts for each of `applicants` people: [(person, [draft ids])]."""
    now = timezone.now()
    call, _created = Call.objects.update_or_create(
        slug=f"{MARKER}-rush", defaults={"program": data.program, "title": "Appel à date limite (ruée)",
                                         "opens_at": now - timedelta(days=30), "closes_at": now + timedelta(days=30),
                                         "max_amount": Decimal("250000")})
    people = _applicants(applicants)
    axis = data.program.axes.order_by("order").first()
    mrc = data.big_call.program.region.children.order_by("pk").first()
    drafts = Proposal.objects.bulk_create([
        Proposal(call=call, program=data.program, organisation_id=organisation, created_by=person,
                 title=f"Projet déposé à la date limite {person.pk}-{number}", mission=text(person.pk, 300),
                 target_population=text(number, 150), objectives=text(7, 400), problem_statement=text(11, 500),
                 expected_results=text(13, 300), concerns=text(23, 200), complementarity=text(17, 200),
                 gender_impact=text(19, 200), project_lead_name=person.full_name, contact_name=person.full_name,
                 contact_email=person.email,
                 primary_axis=axis, expected_women=12, expected_men=9, requested_amount=Decimal("40000"),
                 start_date=now.date() + timedelta(days=90), end_date=now.date() + timedelta(days=455))
        for person, organisation in people for number in range(each)])
    Proposal.mrcs.through.objects.bulk_create(Proposal.mrcs.through(proposal=draft, territory=mrc) for draft in drafts)
    BudgetLine.objects.bulk_create(BudgetLine(proposal=draft, category="salaries", description="Intervenante",
                                              total_amount=Decimal("60000"), fund_amount=Decimal("40000"))
                                   for draft in drafts)
    Indicator.objects.bulk_create(Indicator(proposal=draft, label="Personnes rejointes", target=40, unit="personnes")
                                  for draft in drafts)
    missing = missing_items(drafts[0])
    if missing:
        raise Incomplete("; ".join(str(item.message) for item in missing))
    ids = [draft.pk for draft in drafts]
    return [(person, ids[index * each:(index + 1) * each]) for index, (person, _organisation) in enumerate(people)]


def _applicants(count):
    """(person, organisation id) of the rush's applicants, created once and reused."""
    wanted = [email("depot", number) for number in range(count)]
    known = {user.email: user for user in User.objects.filter(email__in=wanted)}
    missing = [address for address in wanted if address not in known]
    if missing:
        new = User.objects.bulk_create(User(email=address, full_name=f"Personne pressée {address.split('@')[0]}",
                                            password="!") for address in missing)
        organisations = Organisation.objects.bulk_create(
            Organisation(legal_name=f"Organisme de dernière minute {person.email.split('@')[0]}", kind="obnl",
                         verified_at=timezone.now()) for person in new)
        Membership.objects.bulk_create(Membership(user=person, organisation=organisation)
                                       for person, organisation in zip(new, organisations, strict=True))
        known.update({person.email: person for person in new})
    people = [known[address] for address in wanted]
    organisations = dict(Membership.objects.filter(user__in=people).values_list("user_id", "organisation_id"))
    return [(person, organisations[person.pk]) for person in people]


def sign_in(person):
    """A session key for the person, as a sign-in would have left it."""
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(person.pk), BACKEND
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.create()
    return session.session_key
