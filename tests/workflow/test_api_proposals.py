"""The proposals API, one proposal at a time: reading every section, creating a draft, changing sections
(versioned, checked like the form steps), conditional reads and the list's filters."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from core import access
from core.models import AccessLog
from grants.models import Proposal
from grants.states import State
from tests import factories
from workflow import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def url(proposal, tail=""):
    return f"/api/v1/proposals/{proposal.pk}/{tail}"


def as_(api, person):
    api.force_authenticate(person)
    return api


# --- reading ------------------------------------------------------------------------------------------


def test_detail_has_every_section_its_lines_and_documents(api, world, make_proposal):
    axis, other_axis = factories.AxisFactory(program=world.program), factories.AxisFactory(program=world.program)
    mrc = factories.MrcFactory(parent=world.program.region)
    town = factories.MunicipalityFactory(parent=mrc)
    plan = factories.LocalPlanFactory()
    world.program.local_plans.add(plan)
    priority = factories.PriorityFactory(local_plan=plan)
    proposal = make_proposal(State.SUBMITTED, primary_axis=axis)
    proposal.secondary_axes.add(other_axis)
    proposal.mrcs.add(mrc)
    proposal.municipalities.add(town)
    proposal.priorities.add(priority)
    partner = factories.PartnerFactory(proposal=proposal)
    factories.BudgetLineFactory(proposal=proposal)
    factories.CoFundingFactory(proposal=proposal)
    factories.IndicatorFactory(proposal=proposal)
    document = factories.AttachmentFactory(proposal=proposal)

    body = as_(api, world.applicant).get(url(proposal)).json()

    assert body["mission"] == proposal.mission and body["gender_impact"] == proposal.gender_impact
    assert (body["expected_women"], body["expected_men"], body["expected_other"]) == (60, 40, 2)
    assert body["start_date"] == proposal.start_date.isoformat()
    assert body["primary_axis"]["id"] == axis.pk and [a["id"] for a in body["secondary_axes"]] == [other_axis.pk]
    assert [t["id"] for t in body["mrcs"]] == [mrc.pk]
    assert body["municipalities"] == [{"id": town.pk, "code": town.code, "name": town.name, "parent": mrc.pk}]
    assert body["priorities"][0]["text"] == priority.text
    assert body["partners"][0] == {"id": partner.pk, "name": partner.name, "kind": "community",
                                   "role": partner.role, "cash_contribution": "1000.00",
                                   "in_kind_contribution": "500.00"}
    assert [len(body[kind]) for kind in ("budget_lines", "cofundings", "indicators")] == [1, 1, 1]
    attachment = body["attachments"][0]
    assert attachment["original_name"] == "résolution du CA.pdf" and attachment["kind"]["code"] == document.kind.code
    assert attachment["download_url"].endswith(url(proposal, f"attachments/{document.pk}/download/"))
    assert (body["state"], body["state_label"], body["version"]) == ("submitted", "Déposé", proposal.version)


def test_detail_reading_is_access_logged(api, world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    assert as_(api, world.analyst).get(url(proposal)).status_code == 200
    assert AccessLog.objects.filter(user=world.analyst, object_id=proposal.pk, what=AccessLog.What.API).count() == 1


def test_history_shows_each_reader_what_the_page_shows(api, world, make_proposal, complete_forms):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    services.transition(proposal, "request_changes", world.analyst, comment="Ajoutez le budget détaillé.")
    services.transition(Proposal.objects.get(pk=proposal.pk), "resubmit", world.applicant, comment="")
    applicant_view = as_(api, world.applicant).get(url(proposal)).json()["history"]
    assert [entry["transition"] for entry in applicant_view] == ["resubmit", "request_changes"]
    asked = applicant_view[1]
    assert asked["comment"] == "Ajoutez le budget détaillé." and asked["who"] == "analyste"
    assert (asked["from_state"], asked["to_state"]) == ("under_analysis", "changes_requested")
    staff_view = as_(api, world.analyst).get(url(proposal)).json()["history"]
    assert staff_view[1]["who"] == world.analyst.get_full_name()


def test_suggested_amount_stays_with_the_staff(api, world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    services.transition(proposal, "recommend", world.analyst, suggested_amount="9000")
    assert as_(api, world.applicant).get(url(proposal)).json()["suggested_amount"] is None
    assert as_(api, world.board).get(url(proposal)).json()["suggested_amount"] == "9000.00"
    # The history does not tell the organisation either (the recommendation is not addressed to it).
    assert as_(api, world.applicant).get(url(proposal)).json()["history"][0]["data"] == []


@pytest.mark.parametrize("persona", ["other_applicant", "reviewer", "outside_analyst", "nobody"])
def test_a_proposal_you_may_not_see_is_a_json_404(api, world, make_proposal, persona):
    proposal = make_proposal(State.SUBMITTED)
    factories.ReviewerAssignmentFactory(proposal=proposal, reviewer=world.reviewer, assigned_by=world.analyst)
    for tail in ("", "completeness/"):
        response = as_(api, getattr(world, persona)).get(url(proposal, tail))
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_malformed_id_is_a_json_404(api, world):
    response = as_(api, world.applicant).get("/api/v1/proposals/abc/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_detail_queries_do_not_grow_with_lines(api, world, make_proposal):
    proposal = make_proposal()
    counts = []
    for lines in (1, 30):
        for _ in range(lines):
            factories.PartnerFactory(proposal=proposal)
            factories.IndicatorFactory(proposal=proposal)
        access.forget(world.applicant)
        with CaptureQueriesContext(connection) as captured:
            assert as_(api, world.applicant).get(url(proposal)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 18  # 2 of them: the call's own questions, and the answers to them


# --- conditional reads --------------------------------------------------------------------------------


def test_a_current_etag_is_answered_304_and_a_change_gives_a_new_one(api, world, make_proposal):
    proposal = make_proposal()
    as_(api, world.applicant)
    first = api.get(url(proposal))
    tag = first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    unchanged = api.get(url(proposal), HTTP_IF_NONE_MATCH=tag)
    assert unchanged.status_code == 304 and unchanged["ETag"] == tag and not unchanged.content
    api.patch(url(proposal), {"version": proposal.version, "objectives": "Autre chose."}, format="json")
    changed = api.get(url(proposal), HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed["ETag"] != tag
    # A document added does not change the version: the tag follows the documents too.
    tag = changed["ETag"]
    factories.AttachmentFactory(proposal=proposal)
    assert api.get(url(proposal), HTTP_IF_NONE_MATCH=tag).status_code == 200


def test_the_etag_differs_for_staff_who_see_more(api, world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    applicant_tag = as_(api, world.applicant).get(url(proposal))["ETag"]
    assert as_(api, world.analyst).get(url(proposal), HTTP_IF_NONE_MATCH=applicant_tag).status_code == 200


# --- creating a draft ---------------------------------------------------------------------------------


def test_a_member_creates_a_draft(api, world):
    response = as_(api, world.applicant).post("/api/v1/proposals/", {
        "call": world.call.pk, "organisation": world.organisation.pk, "title": "Cuisine collective"},
        format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["state"], body["version"], body["title"]) == ("draft", 1, "Cuisine collective")
    # The organisation's profile pre-fills the mission and its MRC, as on the page.
    assert body["mission"] == world.organisation.mission
    assert [t["id"] for t in body["mrcs"]] == [world.organisation.territory_id]
    assert Proposal.objects.get(pk=body["id"]).created_by == world.applicant


@pytest.mark.parametrize(("persona", "status", "code"), [
    ("other_applicant", 403, "forbidden"), ("analyst", 403, "forbidden"), ("admin", 403, "forbidden")])
def test_only_members_create_drafts_for_their_organisation(api, world, persona, status, code):
    response = as_(api, getattr(world, persona)).post("/api/v1/proposals/", {
        "call": world.call.pk, "organisation": world.organisation.pk, "title": "Projet"}, format="json")
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert not Proposal.objects.exists()


def test_a_closed_call_or_bad_values_refuse_the_draft(api, world):
    closed = factories.CallFactory(program=world.program, opens_at=timezone.now() - timedelta(days=30),
                                   closes_at=timezone.now() - timedelta(days=1))
    as_(api, world.applicant)
    refused = api.post("/api/v1/proposals/", {"call": closed.pk, "organisation": world.organisation.pk,
                                              "title": "Projet"}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (409, "not_editable")
    invalid = api.post("/api/v1/proposals/", {"call": 999999, "organisation": world.organisation.pk,
                                              "title": "   "}, format="json")
    assert invalid.status_code == 400 and set(invalid.json()["details"]) == {"call", "title"}


# --- changing sections --------------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent_and_bumps_the_version(api, world, make_proposal):
    proposal = make_proposal()
    text = "  Première ligne ; « guillemets » — été.\r\nDeuxième ligne\n\n\tTroisième  \n"
    response = as_(api, world.applicant).patch(url(proposal), {
        "version": proposal.version, "problem_statement": text, "expected_other": 5, "end_date": "2031-06-30"},
        format="json")
    assert response.status_code == 200
    saved = Proposal.objects.get(pk=proposal.pk)
    # Kept as sent, spaces and tabs included; only its CR LF is stored as LF, as the pages store it.
    stored = text.replace("\r\n", "\n")
    assert saved.problem_statement == stored and response.json()["problem_statement"] == stored
    assert (saved.expected_other, saved.end_date.isoformat()) == (5, "2031-06-30")
    assert saved.objectives == proposal.objectives and saved.version == proposal.version + 1
    assert response.json()["version"] == saved.version


def test_a_stale_version_is_409_and_changes_nothing(api, world, make_proposal):
    proposal = make_proposal()
    as_(api, world.applicant)
    api.patch(url(proposal), {"version": proposal.version, "objectives": "Version A"}, format="json")
    response = api.patch(url(proposal), {"version": proposal.version, "objectives": "Version B"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    assert response.json()["details"] == {"version": proposal.version + 1}
    assert Proposal.objects.get(pk=proposal.pk).objectives == "Version A"


def test_the_version_is_required(api, world, make_proposal):
    proposal = make_proposal()
    response = as_(api, world.applicant).patch(url(proposal), {"objectives": "Sans version"}, format="json")
    assert response.status_code == 400 and "version" in response.json()["details"]


@pytest.mark.parametrize(("persona", "state", "status", "code"), [
    ("other_applicant", State.DRAFT, 404, "not_found"),
    ("reviewer", State.SUBMITTED, 404, "not_found"),
    ("analyst", State.SUBMITTED, 403, "forbidden"),
    ("manager", State.UNDER_ANALYSIS, 403, "forbidden"),
    ("admin", State.DRAFT, 403, "forbidden"),
    ("applicant", State.SUBMITTED, 409, "not_editable"),
])
def test_who_may_not_change_a_proposal(api, world, make_proposal, persona, state, status, code):
    proposal = make_proposal(state)
    factories.ReviewerAssignmentFactory(proposal=proposal, reviewer=world.reviewer, assigned_by=world.analyst)
    response = as_(api, getattr(world, persona)).patch(url(proposal), {
        "version": proposal.version, "objectives": "Réécrit"}, format="json")
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert Proposal.objects.get(pk=proposal.pk).objectives == proposal.objectives


def test_an_applicant_answers_a_change_request_through_the_api(api, world, make_proposal):
    proposal = make_proposal(State.CHANGES_REQUESTED)
    response = as_(api, world.applicant).patch(url(proposal), {
        "version": proposal.version, "complementarity": "Précisée."}, format="json")
    assert response.status_code == 200 and response.json()["complementarity"] == "Précisée."


def test_relations_are_checked_like_the_form_steps(api, world, make_proposal):
    axis, second = factories.AxisFactory(program=world.program), factories.AxisFactory(program=world.program)
    foreign_axis = factories.AxisFactory()
    mrc, other_mrc = factories.MrcFactory(parent=world.program.region), factories.MrcFactory()
    town, far_town = factories.MunicipalityFactory(parent=mrc), factories.MunicipalityFactory(parent=other_mrc)
    foreign_priority = factories.PriorityFactory()
    proposal = make_proposal()
    as_(api, world.applicant)

    def patch(**values):
        return api.patch(url(proposal), {"version": Proposal.objects.get(pk=proposal.pk).version, **values},
                         format="json")

    refused = patch(primary_axis=foreign_axis.pk, priorities=[foreign_priority.pk])
    assert refused.status_code == 400 and set(refused.json()["details"]) == {"primary_axis", "priorities"}
    assert "secondary_axes" in patch(primary_axis=axis.pk, secondary_axes=[axis.pk]).json()["details"]
    assert "municipalities" in patch(mrcs=[mrc.pk], municipalities=[far_town.pk]).json()["details"]
    assert "end_date" in patch(start_date="2030-05-01", end_date="2030-04-01").json()["details"]
    assert Proposal.objects.get(pk=proposal.pk).version == proposal.version  # nothing saved

    saved = patch(primary_axis=axis.pk, secondary_axes=[second.pk], mrcs=[mrc.pk], municipalities=[town.pk])
    assert saved.status_code == 200
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert proposal.primary_axis == axis and list(proposal.secondary_axes.all()) == [second]
    assert list(proposal.municipalities.all()) == [town]
    # A town checked against the MRCs already saved: the step's other values count.
    assert "municipalities" in patch(municipalities=[far_town.pk]).json()["details"]
    assert patch(mrcs=[], municipalities=[]).status_code == 200


def test_eligible_territories_of_the_call_limit_the_mrcs(api, world, make_proposal):
    eligible, outside = factories.MrcFactory(parent=world.program.region), factories.MrcFactory()
    world.call.eligible_territories.add(eligible)
    proposal = make_proposal()
    response = as_(api, world.applicant).patch(url(proposal), {"version": proposal.version, "mrcs": [outside.pk]},
                                               format="json")
    assert response.status_code == 400 and "mrcs" in response.json()["details"]


def test_a_stored_choice_the_step_no_longer_offers_does_not_block_the_other_fields(api, world):
    world.call.eligible_territories.add(factories.MrcFactory(parent=world.program.region))
    as_(api, world.applicant)
    created = api.post("/api/v1/proposals/", {"call": world.call.pk, "organisation": world.organisation.pk,
                                              "title": "Projet"}, format="json").json()
    own_mrc = world.organisation.territory_id  # pre-filled from the profile, outside the call's territories
    assert [t["id"] for t in created["mrcs"]] == [own_mrc]
    path = f"/api/v1/proposals/{created['id']}/"
    saved = api.patch(path, {"version": created["version"], "target_population": "Aînés isolés."}, format="json")
    assert saved.status_code == 200
    refused = api.patch(path, {"version": saved.json()["version"], "mrcs": [own_mrc]}, format="json")
    assert refused.status_code == 400 and "mrcs" in refused.json()["details"]


def test_completeness_lists_what_the_submit_page_lists(api, world, make_proposal):
    proposal = make_proposal(objectives="")
    body = as_(api, world.applicant).get(url(proposal, "completeness/")).json()
    assert body["complete"] is False
    assert {"step": "objectifs", "field": "objectives",
            "message": "Les objectifs du projet sont à préciser."} in body["missing"]


# --- the list -----------------------------------------------------------------------------------------


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_list_filters(api, world, make_proposal):
    axis, second = factories.AxisFactory(program=world.program), factories.AxisFactory(program=world.program)
    mrc = factories.MrcFactory(parent=world.program.region)
    other_call = factories.CallFactory(program=world.program)
    early = make_proposal(State.SUBMITTED, primary_axis=axis, submitted_at=timezone.now() - timedelta(days=40))
    early.secondary_axes.add(second)
    early.mrcs.add(mrc)
    late = make_proposal(State.UNDER_ANALYSIS, call=other_call, submitted_at=timezone.now() - timedelta(days=2))
    late.secondary_axes.add(axis)
    other = make_proposal(State.SUBMITTED, organisation=world.other_organisation,
                          submitted_at=timezone.now() - timedelta(days=10))
    Proposal.objects.filter(pk=early.pk).update(created_at=timezone.now() - timedelta(days=60))
    as_(api, world.analyst)

    def listed(query):
        return ids(api.get(f"/api/v1/proposals/?{query}"))

    assert listed(f"call={other_call.pk}") == {late.pk}
    assert listed("state=under_analysis") == {late.pk}
    assert listed("state=under_analysis&state=submitted") == {early.pk, late.pk, other.pk}
    assert listed(f"mrc={mrc.pk}") == {early.pk}
    # Primary or secondary, each proposal once.
    assert listed(f"axis={axis.pk}") == {early.pk, late.pk}
    assert len(api.get(f"/api/v1/proposals/?axis={axis.pk}").json()["results"]) == 2
    assert listed(f"organisation={world.other_organisation.pk}") == {other.pk}
    month_ago = (timezone.now() - timedelta(days=30)).date().isoformat()
    assert listed(f"submitted_after={month_ago}") == {late.pk, other.pk}
    assert listed(f"submitted_before={month_ago}") == {early.pk}
    assert listed(f"created_before={month_ago}") == {early.pk}
    assert listed(f"created_after={month_ago}") == {late.pk, other.pk}
    assert api.get("/api/v1/proposals/?axis=premier").status_code == 400


def test_list_is_newest_first_and_pages_with_a_cursor(api, world, make_proposal):
    made = [make_proposal(State.SUBMITTED) for _ in range(3)]
    as_(api, world.analyst)
    first = api.get("/api/v1/proposals/?page_size=2").json()
    assert [row["id"] for row in first["results"]] == [made[2].pk, made[1].pk]
    second = api.get(first["next"]).json()
    assert [row["id"] for row in second["results"]] == [made[0].pk]


def test_list_query_count_is_constant_in_rows(api, world, make_proposal):
    counts = []
    for batch in (1, 20):
        for _ in range(batch):
            proposal = make_proposal(State.SUBMITTED, primary_axis=factories.AxisFactory(program=world.program))
            proposal.mrcs.add(factories.MrcFactory())
        access.forget(world.analyst)
        as_(api, world.analyst)
        with CaptureQueriesContext(connection) as captured:
            assert len(api.get("/api/v1/proposals/").json()["results"]) in (1, 21)
        counts.append(len(captured))
    assert counts[0] == counts[1]
