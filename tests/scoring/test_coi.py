"""Conflicts of interest: detection, declaration, and blocking in every scoring view."""

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import Conflict, InvalidInput
from scoring import conflicts
from scoring.models import ConflictDeclaration, ReviewerAssignment
from scoring.services import assignments as services
from scoring.services import reviews
from tests import factories
from tests.scoring.reviewing import rubric_for, submitted_proposal

SECRET = "Constat confidentiel de la demande"


@pytest.fixture
def proposal(world):
    rubric_for(world.call)
    return submitted_proposal(world, problem_statement=SECRET)


def make_conflicted(kind, world, proposal):
    """Tie world.reviewer to the proposal the way `kind` says, after they were assigned."""
    if kind == "applicant_member":
        factories.MembershipFactory(user=world.reviewer, organisation=world.organisation)
    elif kind == "partner_member":
        partner = factories.OrganisationFactory()
        factories.PartnerFactory(proposal=proposal, organisation=partner)
        factories.MembershipFactory(user=world.reviewer, organisation=partner)
    elif kind == "declared_tie":
        factories.DeclaredTieFactory(reviewer=world.reviewer, organisation=world.organisation)


CONFLICTS = ["applicant_member", "partner_member", "declared_tie"]


@pytest.mark.parametrize("kind", CONFLICTS)
def test_detected_conflicts_block_assignment(world, proposal, kind):
    make_conflicted(kind, world, proposal)
    assert conflicts.is_conflicted(world.reviewer, proposal)
    assert world.reviewer.pk in conflicts.conflicted_user_ids(proposal)
    with pytest.raises(Conflict) as refused:
        services.assign(proposal, world.reviewer, world.analyst)
    assert refused.value.code == "conflict_of_interest"


def test_a_partner_without_a_registered_organisation_makes_nobody_conflicted(world, proposal):
    factories.PartnerFactory(proposal=proposal, organisation=None)
    assert not conflicts.is_conflicted(world.reviewer, proposal)


def test_declaring_no_conflict_opens_the_proposal(world, proposal):
    assignment = services.assign(proposal, world.reviewer, world.analyst)
    declared = services.declare(assignment, world.reviewer, has_conflict=False)
    assert declared.state == ReviewerAssignment.State.ACTIVE
    assert ConflictDeclaration.objects.get(assignment=assignment).has_conflict is False
    with pytest.raises(Conflict):
        services.declare(declared, world.reviewer, has_conflict=False)


def test_recusal_needs_a_reason_and_ends_the_assignment(world, proposal):
    assignment = services.assign(proposal, world.reviewer, world.analyst)
    with pytest.raises(InvalidInput):
        services.declare(assignment, world.reviewer, has_conflict=True, reason="  ")
    recused = services.declare(assignment, world.reviewer, has_conflict=True, reason="Ma sœur y travaille.")
    assert recused.state == ReviewerAssignment.State.RECUSED
    with pytest.raises(PermissionDenied):
        reviews.start_review(recused, world.reviewer)


def test_only_the_assigned_reviewer_declares(world, proposal):
    assignment = services.assign(proposal, world.reviewer, world.analyst)
    with pytest.raises(PermissionDenied):
        services.declare(assignment, world.analyst, has_conflict=False)


@pytest.mark.parametrize("kind", CONFLICTS)
def test_a_detected_conflict_cannot_be_declared_away(world, proposal, kind):
    assignment = factories.ReviewerAssignmentFactory(proposal=proposal, reviewer=world.reviewer)
    make_conflicted(kind, world, proposal)
    with pytest.raises(PermissionDenied):
        services.declare(assignment, world.reviewer, has_conflict=False)


@pytest.mark.parametrize("kind", CONFLICTS)
def test_a_conflict_found_after_the_declaration_blocks_scoring(world, proposal, kind):
    assignment = services.declare(services.assign(proposal, world.reviewer, world.analyst), world.reviewer,
                                  has_conflict=False)
    review = reviews.start_review(assignment, world.reviewer)
    make_conflicted(kind, world, proposal)
    fresh = type(world.reviewer).objects.get(pk=world.reviewer.pk)  # no cached memberships
    with pytest.raises(PermissionDenied):
        reviews.save_draft(review, fresh, scores={})
    with pytest.raises(PermissionDenied):
        reviews.submit(review, fresh)


def test_staff_record_a_tie_that_then_blocks(world, proposal):
    services.record_tie(world.reviewer, world.organisation, world.analyst, note="Ancien employé")
    assert conflicts.conflict_reasons(world.reviewer, proposal)
    with pytest.raises(PermissionDenied):
        services.record_tie(world.reviewer, world.organisation, world.outside_analyst)
    with pytest.raises(PermissionDenied):
        services.record_tie(world.reviewer, world.organisation, world.applicant)


# --- every scoring view hides the proposal from a conflicted or recused reviewer (404) ----------


def _views(proposal, assignment, attachment=None):
    views = [
        ("get", f"/evaluation/assignations/{assignment.pk}/declaration/", {}),
        ("post", f"/evaluation/assignations/{assignment.pk}/declaration/", {"decision": "none"}),
        ("get", f"/evaluation/demandes/{proposal.pk}/evaluer/", {}),
        ("post", f"/evaluation/demandes/{proposal.pk}/evaluer/", {"save": "", "recommendation": "fund"}),
        ("post", f"/evaluation/demandes/{proposal.pk}/evaluer/brouillon/", {"recommendation": "fund"}),
        ("get", f"/evaluation/demandes/{proposal.pk}/evaluations/", {}),
    ]
    if attachment is not None:
        views.append(("get", f"/evaluation/demandes/{proposal.pk}/pieces/{attachment.pk}/", {}))
    return views


@pytest.mark.parametrize("state", ["pending", "active"])
@pytest.mark.parametrize("kind", CONFLICTS)
def test_conflicted_reviewer_gets_404_everywhere_and_never_sees_content(client, world, proposal, kind, state):
    assignment = factories.ReviewerAssignmentFactory(proposal=proposal, reviewer=world.reviewer, state=state)
    attachment = factories.AttachmentFactory(proposal=proposal)
    make_conflicted(kind, world, proposal)
    client.force_login(world.reviewer)
    for method, url, data in _views(proposal, assignment, attachment):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
        assert SECRET not in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.state == state and not hasattr(assignment, "review")


def test_recused_reviewer_gets_404_everywhere(client, world, proposal):
    assignment = services.assign(proposal, world.reviewer, world.analyst)
    attachment = factories.AttachmentFactory(proposal=proposal)
    client.force_login(world.reviewer)
    response = client.post(f"/evaluation/assignations/{assignment.pk}/declaration/",
                           {"decision": "recuse", "reason": "Je siège à leur CA."})
    assert response.status_code == 302
    for method, url, data in _views(proposal, assignment, attachment):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
        assert SECRET not in response.content.decode()


def test_cancelled_reviewer_gets_404_everywhere(client, world, proposal):
    assignment = services.declare(services.assign(proposal, world.reviewer, world.analyst), world.reviewer,
                                  has_conflict=False)
    attachment = factories.AttachmentFactory(proposal=proposal)
    services.cancel(assignment, world.analyst)
    client.force_login(world.reviewer)
    for method, url, data in _views(proposal, assignment, attachment):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
        assert SECRET not in response.content.decode()


def test_conflicted_analyst_is_refused_the_reviews_page(client, world, proposal):
    """A conflict is about the person, not the role: the reviews are hidden from staff tied to the applicant."""
    factories.MembershipFactory(user=world.analyst, organisation=world.organisation)
    client.force_login(world.analyst)
    assert client.get(f"/evaluation/demandes/{proposal.pk}/evaluations/").status_code == 404


@pytest.mark.parametrize("persona", ["applicant", "other_applicant", "analyst", "board", "outside_analyst", "nobody"])
def test_someone_elses_assignment_is_404(client, world, proposal, persona):
    assignment = services.assign(proposal, world.reviewer, world.analyst)
    client.force_login(getattr(world, persona))
    for method, url, data in _views(proposal, assignment)[:2]:
        assert getattr(client, method)(url, data).status_code == 404


def test_pending_reviewer_declares_before_seeing_content(client, world, proposal):
    assignment = services.assign(proposal, world.reviewer, world.analyst)
    client.force_login(world.reviewer)
    review_url = f"/evaluation/demandes/{proposal.pk}/evaluer/"
    redirect = client.get(review_url)
    assert redirect.status_code == 302 and redirect.url == assignment.get_absolute_url()
    page = client.get(assignment.get_absolute_url())
    assert page.status_code == 200 and SECRET not in page.content.decode()
    assert proposal.organisation.legal_name in page.content.decode()
    missing_reason = client.post(assignment.get_absolute_url(), {"decision": "recuse", "reason": ""})
    assert missing_reason.status_code == 200 and 'role="alert"' in missing_reason.content.decode()
    done = client.post(assignment.get_absolute_url(), {"decision": "none"})
    assert done.status_code == 302 and done.url == review_url
    assert SECRET in client.get(review_url).content.decode()


def test_my_reviews_marks_a_conflict_found_after_assignment(client, world, proposal):
    assignment = services.assign(proposal, world.reviewer, world.analyst)
    client.force_login(world.reviewer)
    assert assignment.get_absolute_url() in client.get("/evaluation/").content.decode()
    factories.DeclaredTieFactory(reviewer=world.reviewer, organisation=world.organisation)
    content = client.get("/evaluation/").content.decode()
    assert "Conflit d'intérêts détecté" in content and assignment.get_absolute_url() not in content


def test_partners_a_page_read_already_give_the_same_ties_without_a_query(world, proposal, django_assert_num_queries):
    from grants.models import Proposal

    partner = factories.OrganisationFactory()
    factories.PartnerFactory(proposal=proposal, organisation=partner)
    factories.PartnerFactory(proposal=proposal, organisation=None)
    read = Proposal.objects.prefetch_related("partners").get(pk=proposal.pk)
    with django_assert_num_queries(0):
        ties = conflicts.tied_organisation_ids(read)
    assert ties == conflicts.tied_organisation_ids(Proposal.objects.get(pk=proposal.pk)) == {
        world.organisation.pk, partner.pk}
