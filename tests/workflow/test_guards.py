"""Each guard refuses with its code and a French message, and lets through when satisfied."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from grants.states import State
from scoring import queries as scoring_queries
from tests import factories
from workflow import services
from workflow.errors import GuardFailed, InvalidInput
from workflow.machine import TRANSITIONS

pytestmark = pytest.mark.django_db


def refusal(proposal, name, actor, **data):
    with pytest.raises(GuardFailed) as caught:
        services.transition(proposal, name, actor, **data)
    return caught.value


def test_submit_refused_when_the_call_is_closed(world, complete_proposal):
    world.call.opens_at, world.call.closes_at = timezone.now() - timedelta(days=30), timezone.now() - timedelta(days=1)
    world.call.save()
    error = refusal(complete_proposal(), "submit", world.applicant)
    assert error.code == "call_is_open" and "fermé" in str(error.message)


def test_submit_refused_before_the_call_opens(world, complete_proposal):
    world.call.opens_at, world.call.closes_at = timezone.now() + timedelta(days=1), timezone.now() + timedelta(days=9)
    world.call.save()
    assert refusal(complete_proposal(), "submit", world.applicant).code == "call_is_open"


def test_submit_refused_while_a_required_attachment_is_missing(world, complete_proposal):
    proposal = complete_proposal()
    proposal.attachments.all().delete()
    error = refusal(proposal, "submit", world.applicant)
    assert error.code == "form_is_complete" and "Pièce jointe exigée manquante" in str(error.message)


def test_submit_refused_while_the_form_is_incomplete(world, make_proposal):
    error = refusal(make_proposal(objectives=""), "submit", world.applicant)
    assert error.code == "form_is_complete" and "objectifs" in str(error.message)


def test_complete_proposal_is_submitted_with_a_reference_and_date(world, complete_proposal):
    proposal = services.transition(complete_proposal(), "submit", world.applicant)
    assert proposal.state == State.SUBMITTED and proposal.submitted_at is not None
    assert proposal.reference.endswith(f"-{timezone.localdate().year}-0001")


def test_references_follow_each_other_and_survive_resubmission(world, complete_proposal):
    first = services.transition(complete_proposal(), "submit", world.applicant)
    second = services.transition(complete_proposal(), "submit", world.applicant)
    assert (first.reference[-4:], second.reference[-4:]) == ("0001", "0002")
    first = services.transition(first, "start_analysis", world.analyst)
    first = services.transition(first, "request_changes", world.analyst, comment="Précisez le budget.")
    first = services.transition(first, "resubmit", world.applicant)
    assert first.reference[-4:] == "0001"


def test_resubmit_checks_completeness_again(world, complete_proposal):
    proposal = complete_proposal(State.CHANGES_REQUESTED)
    proposal.indicators.all().delete()
    assert refusal(proposal, "resubmit", world.applicant).code == "form_is_complete"


def test_resubmit_ignores_a_closed_call_window(world, complete_proposal):
    world.call.opens_at, world.call.closes_at = timezone.now() - timedelta(days=30), timezone.now() - timedelta(days=1)
    world.call.save()
    proposal = services.transition(complete_proposal(State.CHANGES_REQUESTED), "resubmit", world.applicant)
    assert proposal.state == State.SUBMITTED


def test_recommend_needs_the_required_number_of_reviews(world, make_proposal, monkeypatch):
    world.call.required_reviews = 2
    world.call.save()
    proposal = make_proposal(State.UNDER_ANALYSIS)
    monkeypatch.setattr(scoring_queries, "submitted_review_count", lambda p: 1)
    assert refusal(proposal, "recommend", world.analyst).code == "enough_reviews"
    monkeypatch.setattr(scoring_queries, "submitted_review_count", lambda p: 2)
    proposal = services.transition(proposal, "recommend", world.analyst, suggested_amount="12 500,00")
    assert proposal.state == State.RECOMMENDED and proposal.suggested_amount == Decimal("12500.00")


def test_recommend_without_reviews_when_the_call_requires_none(world, make_proposal):
    world.call.required_reviews = 0
    world.call.save()
    assert services.transition(make_proposal(State.UNDER_ANALYSIS), "recommend", world.analyst).state == "recommended"


@pytest.mark.parametrize("amount", ["0", "-5", "20000.01"])
def test_suggested_amount_must_be_positive_and_within_the_request(world, make_proposal, amount):
    error = refusal(make_proposal(State.UNDER_ANALYSIS), "recommend", world.analyst, suggested_amount=amount)
    assert error.code == "suggested_amount_is_valid"


@pytest.mark.parametrize("spec", [spec for spec in TRANSITIONS if spec.comment_required], ids=lambda s: s.name)
@pytest.mark.parametrize("comment", ["", "   \n "])
def test_comment_is_required(world, make_proposal, spec, comment):
    actor = {"applicant": world.applicant, "analyst": world.analyst, "board": world.board}[spec.role]
    error = refusal(make_proposal(spec.sources[0]), spec.name, actor, comment=comment)
    assert error.code == "comment_given" and str(spec.comment_label) in str(error.message)


@pytest.mark.parametrize(("amount", "code"), [
    (None, "amount_granted_is_valid"), ("0", "amount_granted_is_valid"),
    ("20000.01", "amount_granted_is_valid"), ("abc", None),
])
def test_approve_amount_must_be_given_positive_and_within_the_request(world, make_proposal, amount, code):
    proposal = make_proposal(State.RECOMMENDED)
    data = {} if amount is None else {"amount_granted": amount}
    if code is None:
        with pytest.raises(InvalidInput):
            services.transition(proposal, "approve", world.board, **data)
    else:
        assert refusal(proposal, "approve", world.board, **data).code == code


def test_approve_cannot_exceed_the_envelope_left(world, make_proposal):
    world.program.envelope = Decimal("30000")
    world.program.save()
    funded = make_proposal(State.RECOMMENDED)
    services.transition(funded, "approve", world.board, amount_granted="20000")
    other = make_proposal(State.NOT_RECOMMENDED)
    error = refusal(other, "approve", world.board, amount_granted="10000.01")
    assert error.code == "within_envelope" and "10\u00a0000,00\u00a0$" in str(error.message)
    other = services.transition(other, "approve", world.board, amount_granted="10000", decided_on="2026-05-04",
                                resolution_number="CA-12", conditions="Rapport d'étape à mi-parcours.")
    assert other.amount_granted == Decimal("10000.00")
    log = other.transition_logs.get()
    assert log.data == {"amount_granted": "10000.00", "decided_on": "2026-05-04", "resolution_number": "CA-12",
                        "conditions": "Rapport d'étape à mi-parcours."}


def test_unknown_values_are_refused(world, make_proposal):
    with pytest.raises(InvalidInput):
        services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst, amount="1")


def test_available_transitions_show_what_blocks_a_submission(world, make_proposal):
    [submit] = services.available_transitions(make_proposal(), world.applicant)  # no indicator yet
    assert submit.name == "submit" and not submit.ready
    assert any("indicateur" in str(reason) for reason in submit.blocked_by)


def test_available_transitions_list_only_the_actors_own(world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    assert [a.name for a in services.available_transitions(proposal, world.applicant)] == ["withdraw"]
    assert [a.name for a in services.available_transitions(proposal, world.analyst)] == [
        "request_changes", "recommend", "do_not_recommend"]
    assert services.available_transitions(proposal, world.board) == []
    assert services.available_transitions(proposal, world.outside_analyst) == []


def test_accept_final_report_needs_the_final_report_accepted(world, make_proposal):
    proposal = make_proposal(State.FUNDED, amount_granted=Decimal("15000.00"))
    agreement = factories.AgreementFactory(proposal=proposal)
    report = factories.ReportFactory(agreement=agreement, kind="final", state="submitted")
    assert refusal(proposal, "accept_final_report", world.analyst).code == "final_report_accepted"

    type(report).objects.filter(pk=report.pk).update(state="accepted", accepted_at=timezone.now())
    assert services.transition(proposal, "accept_final_report", world.analyst).state == State.REPORTED


def test_the_staff_page_offers_accept_final_report_from_the_row_it_read(client, world, make_proposal):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    proposal = make_proposal(State.FUNDED, amount_granted=Decimal("15000.00"))
    report = factories.ReportFactory(agreement=factories.AgreementFactory(proposal=proposal), kind="final",
                                     state="submitted")
    client.force_login(world.analyst)

    def offered():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/analyse/demandes/{proposal.pk}/")
        [action] = [a for a in response.context["actions"] if a.name == "accept_final_report"]
        # Read with the proposal (workflow.selectors.proposal_detail), not by a query of its own.
        assert all('"grants_proposal"."title"' in query["sql"] for query in queries if "grants_report" in query["sql"])
        return action.ready

    assert offered() is False
    type(report).objects.filter(pk=report.pk).update(state="accepted", accepted_at=timezone.now())
    assert offered() is True
