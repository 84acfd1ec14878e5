"""Data for bench_reminders: many funded projects with interim and final reports, created in bulk."""

import random
import uuid
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from grants.models import Call, Membership, Organisation, Program, ProgramRole, Proposal, Territory, User

from .models import Agreement, Report

BATCH = 2000


def create_reports(count, today, *, organisations=300, seed=7):
    """`count` reports, three per agreement (two interim, one final), due from a year ago to a year ahead.

    Past reports are mostly accepted (as in real life); open ones fall across every reminder window.
    """
    rng = random.Random(seed)
    tag = uuid.uuid4().hex[:8]
    region = Territory.objects.create(kind="region", name=f"Bench {tag}", code=f"bench-{tag}")
    program = Program.objects.create(
        code=f"bench-{tag}", name_fr=f"Banc d'essai {tag}", region=region, decision_body="CA",
        analysis_body="ERS", envelope=Decimal("1000000000"), starts_on=today - timedelta(days=800),
        ends_on=today + timedelta(days=800))
    now = timezone.now()
    call = Call.objects.create(program=program, title=f"Appel {tag}", slug=f"bench-{tag}",
                               opens_at=now - timedelta(days=900), closes_at=now - timedelta(days=800),
                               max_amount=Decimal("100000"))
    users = User.objects.bulk_create(
        [User(email=f"bench-{tag}-{index}@example.org", full_name=f"Personne {index}",
              language="en" if index % 5 == 0 else "fr") for index in range(organisations + 2)])
    orgs = Organisation.objects.bulk_create(
        [Organisation(legal_name=f"Organisme {tag} {index}", kind="obnl") for index in range(organisations)])
    Membership.objects.bulk_create([Membership(user=users[index], organisation=org) for index, org in
                                    enumerate(orgs)])
    ProgramRole.objects.bulk_create([ProgramRole(user=user, program=program, role="analyst")
                                     for user in users[-2:]])
    projects = (count + 2) // 3
    proposals = Proposal.objects.bulk_create(
        [Proposal(call=call, organisation=orgs[index % organisations], title=f"Projet {tag} {index}",
                  state="funded", requested_amount=Decimal("50000")) for index in range(projects)],
        batch_size=BATCH)
    agreements = Agreement.objects.bulk_create(
        [Agreement(proposal=proposal, amount_granted=Decimal("50000"), starts_on=today - timedelta(days=400),
                   ends_on=today + timedelta(days=400)) for proposal in proposals], batch_size=BATCH)
    reports = []
    for index in range(count):
        agreement = agreements[index // 3]
        kind, order = ("final", 1) if index % 3 == 2 else ("interim", index % 3 + 1)
        due_on = today + timedelta(days=rng.randint(-365, 365))
        if due_on < today:
            state = rng.choices(["accepted", "submitted", "draft", "returned"], [85, 5, 8, 2])[0]
        else:
            state = rng.choices(["draft", "submitted"], [90, 10])[0]
        reports.append(Report(agreement=agreement, kind=kind, order=order, due_on=due_on, state=state,
                              accepted_at=now if state == "accepted" else None))
    Report.objects.bulk_create(reports, batch_size=BATCH)
    return program
