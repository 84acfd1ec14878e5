"""Each report keeps a copy of its proposal's organisation and program (issue 17): set on every way in,
following a call moved to another program, and read through their own indexes by the applicant dashboard's
reports to file and the public portal's freshness at a seeded size."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accountability.models import Agreement, Report
from accountability.selectors import reports_to_file, reports_to_review
from grants.models import Proposal
from portal import freshness
from tests import factories
from tests.accountability.world import funded_agreement

pytestmark = pytest.mark.django_db


def copies(reports):
    return {(report.organisation_id, report.program_id) for report in reports}


def test_scheduled_and_single_reports_copy_the_proposal_s_organisation_and_program(world):
    agreement = funded_agreement(world)
    expected = {(world.organisation.pk, world.program.pk)}
    assert agreement.reports.count() >= 2 and copies(Report.objects.filter(agreement=agreement)) == expected
    other = factories.ReportFactory()  # through Report.save, as the admin saves one
    other.refresh_from_db()
    proposal = other.agreement.proposal
    assert copies([other]) == {(proposal.organisation_id, proposal.program_id)}
    assert proposal.program_id != world.program.pk


def test_a_call_moved_to_another_program_takes_its_reports_along(world):
    moved, stays = funded_agreement(world), funded_agreement(world, call=factories.CallFactory(program=world.program))
    elsewhere = factories.ProgramFactory()
    world.call.program = elsewhere
    world.call.save()
    assert copies(Report.objects.filter(agreement=moved)) == {(world.organisation.pk, elsewhere.pk)}
    assert copies(Report.objects.filter(agreement=stays)) == {(world.organisation.pk, world.program.pk)}
    # The agreements' copies too.
    assert copies(Agreement.objects.filter(pk__in=[moved.pk, stays.pk]).order_by("pk")) == {
        (world.organisation.pk, elsewhere.pk), (world.organisation.pk, world.program.pk)}


def test_an_agreement_copies_its_proposal_s_organisation_program_and_call(world):
    agreement = funded_agreement(world)  # made by the approval, as every agreement
    assert (agreement.organisation_id, agreement.program_id, agreement.call_id) == (
        world.organisation.pk, world.program.pk, world.call.pk)
    other = factories.AgreementFactory()  # through Agreement.save, as the admin saves one
    other.refresh_from_db()
    proposal = other.proposal
    assert (other.organisation_id, other.program_id, other.call_id) == (
        proposal.organisation_id, proposal.program_id, proposal.call_id)


@pytest.mark.parametrize("query", ["call", "organisation"])
def test_the_agreements_list_filtered_reads_the_agreements_own_index(client, world, require_postgres, query):
    """Through the proposals, a call or an organisation with few agreements was met by walking every agreement
    of the programs newest first (0.29 s for a call without any, at 48,000 agreements)."""
    seed(world, random.Random(5))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE grants_agreement")
    client.force_login(world.manager)
    one = Agreement.objects.filter(program=world.program).first()
    value = {"call": one.call_id, "organisation": one.organisation_id}[query]
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/agreements/", {query: value})
    assert response.status_code == 200 and response.json()["results"]
    listing = next(q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "grants_agreement"'))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {listing}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"agreement_{query}_idx" in plan and "Seq Scan on grants_agreement " not in plan + " ", plan


def seed(world, rng):
    """Eight programs, 40 organisations, 1,600 funded projects with three reports each in mixed states."""
    programs = [world.program] + [factories.ProgramFactory() for _ in range(7)]
    calls = [factories.CallFactory(program=program) for program in programs]
    organisations = [world.organisation] + [factories.OrganisationFactory() for _ in range(39)]
    proposals = Proposal.objects.bulk_create([Proposal(
        call=rng.choice(calls), organisation=rng.choice(organisations), title=f"Projet {index}", state="funded")
        for index in range(1600)])
    agreements = Agreement.objects.bulk_create([Agreement(
        proposal=proposal, organisation_id=proposal.organisation_id, program_id=proposal.program_id, call_id=proposal.call_id,
        amount_granted=Decimal("10000"), starts_on=date(2025, 1, 1), ends_on=date(2026, 1, 1))
        for proposal in proposals])
    Report.objects.bulk_create([Report(
        agreement=agreement, organisation_id=agreement.proposal.organisation_id,
        program_id=agreement.proposal.program_id, kind=kind, order=order, state=state,
        due_on=date(2025, 1, 1) + timedelta(days=rng.randint(0, 700)),
        accepted_at=timezone.now() - timedelta(days=rng.randint(0, 300)) if state == "accepted" else None)
        for agreement in agreements for (kind, order), state in zip(
            (("interim", 1), ("interim", 2), ("final", 1)),
            rng.choice([("accepted", "accepted", "draft"), ("accepted", "submitted", "draft"),
                        ("accepted", "accepted", "accepted")]), strict=True)], batch_size=1000)
    Report.objects.filter(state="submitted").update(submitted_at=timezone.now())
    with connection.cursor() as cursor:
        for table in ("grants_proposal", "grants_agreement", "grants_report", "grants_organisation", "grants_program"):
            cursor.execute(f"ANALYZE {table}")


def plan_of(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
def test_the_dashboard_s_reports_to_file_read_the_organisation_s_index(world, require_postgres):
    seed(world, random.Random(17))
    with CaptureQueriesContext(connection) as captured:
        shown = list(reports_to_file([world.organisation.pk])[:11])
    assert shown and {report.agreement.proposal.organisation_id for report in shown} == {world.organisation.pk}
    plan = plan_of(captured.captured_queries[0]["sql"])
    assert "report_to_file_idx" in plan and "Seq Scan on grants_report " not in plan + " ", plan


def test_an_accepted_report_moves_the_portal_s_freshness_of_its_program_only(world):
    agreement = funded_agreement(world)
    other = factories.ProgramFactory()
    request = RequestFactory().get("/public/")
    before = {code: freshness._state(code)[1]["at"] for code in (None, world.program.code, other.code)}
    report = agreement.reports.first()
    Report.objects.filter(pk=report.pk).update(state="accepted", accepted_at=timezone.now())
    after = {code: freshness._state(code)[1]["at"] for code in (None, world.program.code, other.code)}
    assert before == {None: None, world.program.code: None, other.code: None}
    assert after[None] == after[world.program.code] is not None and after[other.code] is None
    assert freshness.last_modified(request, world.program.code) is not None


@pytest.mark.postgres
@pytest.mark.parametrize("whose", ["program", "every program"])
def test_the_portal_s_freshness_reads_the_latest_acceptance_from_an_index(world, require_postgres, whose):
    seed(world, random.Random(23))
    code = world.program.code if whose == "program" else None
    assert freshness._state(code)[1]["at"] is not None
    # One statement compiled once (core.compiled): each program's latest acceptance probed on its own index.
    sql, params = freshness._ONE.sql_with_params(world.program.pk) if code else freshness._ALL.sql_with_params()
    assert "grants_agreement" not in sql
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "report_program_accepted_idx" in plan and "Seq Scan on grants_report " not in plan + " ", plan


@pytest.mark.postgres
def test_a_program_s_reports_to_review_read_its_submitted_reports_index(world, require_postgres):
    seed(world, random.Random(29))
    with CaptureQueriesContext(connection) as captured:
        shown = list(reports_to_review(world.analyst)[:51])
    assert shown and {report.program_id for report in shown} == {world.program.pk}
    reports = [query["sql"] for query in captured.captured_queries if '"grants_report"' in query["sql"]]
    plan = plan_of(reports[-1])
    # Either index of the program's submitted reports (by submission, or by state then due date: a few rows
    # to sort at this size), never every report.
    assert ("report_program_submitted_idx" in plan or "report_program_state_due_idx" in plan), plan
    assert "Seq Scan on grants_report " not in plan + " ", plan
