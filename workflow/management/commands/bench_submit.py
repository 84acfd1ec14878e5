"""Queries and Python CPU of one submit of a complete draft (issue 17 target: at most 15 and 20 ms).

Creates a program, an open call, an organisation and `--drafts` complete drafts with `--lines` partners,
budget lines, indicators and required documents each, submits them one by one (through
workflow.services.transition, or with --view through the real submit page), prints the median and p95,
then rolls everything back. The submit's own transaction is not counted as statements (see statements()).
What runs after its commit (handing the messages and the similarity computation to Celery) is run and
counted too, its tasks published into memory as in the rush (bench_scale).
"""

import statistics
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

from celery import current_app
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from grants.models import (
    Attachment,
    AttachmentType,
    Axis,
    BudgetLine,
    Call,
    Indicator,
    Membership,
    Organisation,
    Partner,
    Program,
    ProgramRole,
    Proposal,
    Territory,
    User,
)
from grants.states import State
from workflow import services


class Rollback(Exception):
    pass


def statements(captured):
    """The statements production sends at each submit: under the bench's (or a test's) own transaction, each
    top-level atomic block of the submit becomes a savepoint, where in production it is the transaction itself
    and sends no statement of its own. Savepoints nested deeper (one per row, say) are real and counted. A
    PREPARE is sent once per database session, not per submit (core.prepared): left out too."""
    depth, kept = 0, []
    for query in captured:
        sql = query["sql"].upper()
        opens, closes = sql.startswith("SAVEPOINT"), sql.startswith(("RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))
        depth += opens
        if not ((opens and depth == 1) or (closes and depth == 1) or sql.startswith("PREPARE ")):
            kept.append(query)
        depth -= closes
    return kept


@contextmanager
def memory_broker():
    """Tasks published into memory: the figures count the publish, not a broker's disk or network."""
    conf = current_app.conf
    saved = conf.broker_url, conf.broker_transport_options
    conf.broker_url, conf.broker_transport_options = "memory://", {}
    try:
        yield
    finally:
        conf.broker_url, conf.broker_transport_options = saved


def create_drafts(count, lines, *, analysts=3):
    """`count` complete drafts of one organisation in a new program whose call requires `lines` documents."""
    tag = uuid.uuid4().hex[:8]
    today, now = timezone.localdate(), timezone.now()
    region = Territory.objects.create(kind="region", name=f"Bench {tag}", code=f"bench-{tag}")
    mrc = Territory.objects.create(kind="mrc", name=f"MRC {tag}", code=f"bench-mrc-{tag}", parent=region)
    program = Program.objects.create(
        code=f"bench-{tag}", name_fr=f"Banc d'essai {tag}", region=region, decision_body="CA",
        analysis_body="ERS", envelope=Decimal("1000000000"), starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=700))
    call = Call.objects.create(program=program, title=f"Appel {tag}", slug=f"bench-{tag}",
                               opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30),
                               max_amount=Decimal("1000000"))
    kinds = AttachmentType.objects.bulk_create(
        [AttachmentType(code=f"bench-{tag}-{index}", name_fr=f"Pièce {index}") for index in range(lines)])
    call.required_attachment_types.set(kinds)
    axis = Axis.objects.create(program=program, code="a1", name_fr="Axe 1")
    organisation = Organisation.objects.create(legal_name=f"Organisme {tag}", kind="obnl", territory=mrc)
    applicant = User.objects.create(email=f"bench-{tag}@example.org", full_name="Personne demandeuse")
    Membership.objects.create(user=applicant, organisation=organisation)
    staff = User.objects.bulk_create([User(email=f"bench-{tag}-analyst-{index}@example.org",
                                           full_name=f"Analyste {index}") for index in range(analysts)])
    ProgramRole.objects.bulk_create([ProgramRole(user=user, program=program, role="analyst") for user in staff])
    drafts = Proposal.objects.bulk_create([Proposal(
        call=call, organisation=organisation, created_by=applicant, title=f"Projet {index}",
        requested_amount=Decimal("1000") * lines, primary_axis=axis, mission="Mission.", target_population="Tous.",
        objectives="Objectifs.", problem_statement="Constats.", expected_results="Résultats.",
        concerns="Enjeux.", complementarity="Complémentarité.", gender_impact="ADS+.", expected_women=10,
        expected_men=10, project_lead_name="Responsable", contact_name="Personne-ressource",
        contact_email=f"contact-{tag}@example.org",
        start_date=today + timedelta(days=60), end_date=today + timedelta(days=400)) for index in range(count)])
    Proposal.mrcs.through.objects.bulk_create([Proposal.mrcs.through(proposal=p, territory=mrc) for p in drafts])
    for model, values in ((Partner, {"kind": "community", "role": "Soutien"}),
                          (BudgetLine, {"category": "salaries", "total_amount": 1500, "fund_amount": 1000}),
                          (Indicator, {"target": 10, "unit": "personnes"})):
        name = "label" if model is Indicator else ("description" if model is BudgetLine else "name")
        model.objects.bulk_create([model(proposal=proposal, **{name: f"Ligne {index}"}, **values)
                                   for proposal in drafts for index in range(lines)])
    Attachment.objects.bulk_create([
        Attachment(proposal=proposal, kind=kind, file=f"attachments/{proposal.pk}/{kind.code}",
                   original_name=f"{kind.code}.pdf", content_type="application/pdf", size=1000)
        for proposal in drafts for kind in kinds])
    return applicant, drafts


class Command(BaseCommand):
    help = "Time submits of complete drafts (queries, Python CPU), then roll everything back."

    def add_arguments(self, parser):
        parser.add_argument("--drafts", type=int, default=50)
        parser.add_argument("--lines", type=int, default=2,
                            help="Partners, budget lines, indicators and required documents per draft.")
        parser.add_argument("--view", action="store_true", help="Submit through the real page (POST).")

    def handle(self, *args, drafts, lines, view, **options):
        counts, cpu, wall = [], [], []
        try:
            # The test client's host name, as Django's test runner allows it.
            with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]), memory_broker(), \
                    transaction.atomic():
                applicant, proposals = create_drafts(drafts, lines)
                client = Client()
                client.force_login(applicant)
                for proposal in proposals:
                    actor = User.objects.get(pk=applicant.pk)  # as a request would: no cached roles
                    with CaptureQueriesContext(connection) as captured:
                        started, cpu_started = time.perf_counter(), time.process_time()
                        # Under the bench's transaction the after-commit work would never run: run it here.
                        with TestCase.captureOnCommitCallbacks(execute=True):
                            if view:
                                client.post(reverse("proposal_submit", args=[proposal.pk]), secure=True)
                            else:
                                services.transition(proposal, "submit", actor)
                        cpu.append((time.process_time() - cpu_started) * 1000)
                        wall.append((time.perf_counter() - started) * 1000)
                    counts.append(len(statements(captured.captured_queries)))
                submitted = Proposal.objects.filter(pk__in=[p.pk for p in proposals], state=State.SUBMITTED).count()
                raise Rollback
        except Rollback:
            pass
        through = "la page de dépôt" if view else "workflow.services.transition"
        self.stdout.write(f"{drafts} dépôts par {through} ({lines} partenaires, postes, indicateurs et pièces "
                          f"par demande ; {connection.vendor}) : {submitted} déposées")
        for label, values, unit in (("requêtes", counts, ""), ("CPU Python", cpu, " ms"), ("durée", wall, " ms")):
            self.stdout.write(f"  {label} : médiane {statistics.median(values):.1f}{unit}, "
                              f"p95 {percentile(values, 95):.1f}{unit}, max {max(values):.1f}{unit}")
        self.stdout.write("Données du banc d'essai annulées.")


def percentile(values, rank):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(rank / 100 * (len(ordered) - 1)))]
