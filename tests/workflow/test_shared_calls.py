"""One application, several funders: a shared call's draft asks two funders; each files, decides, signs and
follows up on its own, and each sees the other's decision as co-funding."""

import json
from datetime import timedelta
from decimal import Decimal
from html import unescape

import jsonschema
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from accountability import services as accountability
from accountability.models import Agreement, Report, ReportQuestion
from core.errors import Forbidden, InvalidInput
from grants import completeness, similarity
from grants.forms.lines import CoFundingForm
from grants.models import Call, CoFunding, Proposal, ProposalSimilarity
from grants.selectors import open_calls
from grants.services import proposals as drafts
from grants.services.errors import NotEditable
from grants.services.questions import add_question
from grants.states import State
from tests import factories
from tests.concurrency import run_together
from tests.grants.questions_setup import content
from tests.portal.test_open_data import SCHEMA
from tests.workflow.helpers import fill_completely
from workflow import services
from workflow.errors import GuardFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(world):
    """The world's call shared with a second funder, its own analyst and board, and a complete draft."""
    partner = factories.ProgramFactory(name_fr="Réunir Réussir", envelope=Decimal("50000"))
    co_call = factories.CallFactory(program=partner, lead_call=world.call, max_amount=Decimal("15000"))
    staff = {role: factories.UserFactory(email=f"{role}@partner.example.org") for role in ("analyst", "board", "manager")}
    for role, person in staff.items():
        factories.ProgramRoleFactory(user=person, program=partner, role=role)
    draft = fill_completely(factories.ProposalFactory(call=world.call, organisation=world.organisation),
                            world.program)
    factories.AxisFactory(program=partner)
    return partner, co_call, staff, draft


def ask(draft, actor, amounts):
    """The amounts asked, and each co-funder's primary axis: the first of its plan."""
    draft.refresh_from_db()
    axes = {call_id: Call.objects.get(pk=call_id).program.axes.first().pk for call_id in amounts
            if call_id != draft.call_id}
    return drafts.save_step(draft, actor, version=draft.version, funders=amounts, funder_axes=axes)


def test_the_draft_asks_each_funder_and_the_amounts_make_up_the_budget(world, shared):
    partner, co_call, _staff, draft = shared
    messages = [str(item.message).replace("\xa0", " ") for item in completeness.missing_items(draft)]
    assert any("Le bailleur principal" in message for message in messages)
    ask(draft, world.applicant, {world.call.pk: Decimal("12000"), co_call.pk: Decimal("5000")})
    messages = [str(item.message).replace("\xa0", " ") for item in completeness.missing_items(draft)]
    assert messages == ["Les montants demandés aux bailleurs (17 000,00 $) doivent totaliser le montant demandé "
                        "dans le budget (20 000,00 $)."]
    saved = ask(draft, world.applicant, {world.call.pk: Decimal("4000"), co_call.pk: Decimal("16000")})
    assert saved.requested_amount == Decimal("4000")  # the host's file asks the host's share
    messages = [str(item.message).replace("\xa0", " ") for item in completeness.missing_items(saved)]
    assert messages == ["Le montant demandé à Réunir Réussir dépasse le maximum de son appel (15 000,00 $)."]
    ask(draft, world.applicant, {world.call.pk: Decimal("8000"), co_call.pk: Decimal("12000")})
    assert completeness.missing_items(draft) == []


def test_a_funder_outside_the_shared_call_is_refused(world, shared):
    _partner, _co_call, _staff, draft = shared
    stranger = factories.CallFactory()
    factories.AxisFactory(program=stranger.program)
    with pytest.raises(InvalidInput, match="ne participe pas"):
        ask(draft, world.applicant, {stranger.pk: Decimal("100")})


def test_co_funders_questions_are_asked_only_when_that_funder_is_asked(world, shared):
    _partner, co_call, staff, draft = shared
    question = add_question(co_call, staff["manager"], step="objectifs",
                            content=content("short_text", "Part du projet pour les jeunes", required=True))
    ask(draft, world.applicant, {world.call.pk: Decimal("20000")})
    assert completeness.missing_items(draft) == []
    ask(draft, world.applicant, {world.call.pk: Decimal("8000"), co_call.pk: Decimal("12000")})
    [item] = completeness.missing_items(draft)
    assert item.field == f"question_{question.pk}"


def test_one_application_two_funders_one_approves_the_other_declines(world, shared):
    partner, co_call, staff, draft = shared
    ask(draft, world.applicant, {world.call.pk: Decimal("8000"), co_call.pk: Decimal("12000")})
    services.transition(draft, "submit", world.applicant)

    host_file = Proposal.objects.get(pk=draft.pk)
    partner_file = Proposal.objects.get(application=draft)
    assert (host_file.state, partner_file.state) == (State.SUBMITTED, State.SUBMITTED)
    assert (partner_file.program, partner_file.call, partner_file.requested_amount) == (
        partner, co_call, Decimal("12000"))
    assert partner_file.reference and host_file.reference  # each numbered in its own program
    assert partner_file.primary_axis.program == partner  # its own plan's axis, chosen on the form
    assert partner_file.budget_lines.count() == 1 and partner_file.indicators.count() == 1
    assert list(partner_file.cofundings.values_list("source", "amount", "status")) == [
        (world.program.name_fr, Decimal("8000.00"), CoFunding.Status.PENDING)]

    # Each funder sees only its own file.
    assert services.available_transitions(partner_file, world.analyst) == []
    assert services.available_transitions(host_file, staff["analyst"]) == []

    host_file, partner_file = (
        services.transition(services.transition(file, "start_analysis", analyst), "recommend", analyst,
                            suggested_amount=file.requested_amount)
        for file, analyst in ((host_file, world.analyst), (partner_file, staff["analyst"])))
    services.transition(host_file, "approve", world.board, amount_granted=Decimal("7500"))
    services.transition(partner_file, "decline", staff["board"], comment="Hors de nos priorités.")

    assert list(host_file.cofundings.values_list("status", flat=True)) == [CoFunding.Status.DECLINED]
    assert list(partner_file.cofundings.values_list("amount", "status")) == [
        (Decimal("7500.00"), CoFunding.Status.CONFIRMED)]
    assert Agreement.objects.get(proposal=host_file).amount_granted == Decimal("7500")
    assert not Agreement.objects.filter(proposal=partner_file).exists()


def test_each_funder_keeps_its_own_envelope(world, shared):
    partner, co_call, staff, draft = shared
    ask(draft, world.applicant, {world.call.pk: Decimal("8000"), co_call.pk: Decimal("12000")})
    services.transition(draft, "submit", world.applicant)
    partner_file = Proposal.objects.get(application=draft)
    factories.ProposalFactory(call=co_call, state=State.FUNDED, amount_granted=Decimal("45000"))
    partner_file = services.transition(partner_file, "start_analysis", staff["analyst"])
    partner_file = services.transition(partner_file, "recommend", staff["analyst"])
    with pytest.raises(GuardFailed, match="enveloppe"):
        services.transition(partner_file, "approve", staff["board"], amount_granted=Decimal("12000"))
    services.transition(partner_file, "approve", staff["board"], amount_granted=Decimal("5000"))


def test_the_applicant_follows_each_funders_answer(client, world, shared):
    _partner, co_call, staff, draft = shared
    ask(draft, world.applicant, {world.call.pk: Decimal("8000"), co_call.pk: Decimal("12000")})
    services.transition(draft, "submit", world.applicant)
    partner_file = Proposal.objects.get(application=draft)
    client.force_login(world.applicant)
    page = client.get(reverse("proposal_detail", args=[draft.pk])).content.decode().replace("\xa0", " ")
    assert "Votre demande auprès de chaque bailleur" in page and partner_file.reference in page
    assert "Réunir Réussir" in page and "12 000,00" in page


def test_the_budget_step_asks_the_amounts(client, world, shared):
    _partner, co_call, _staff, draft = shared
    client.force_login(world.applicant)
    url = reverse("proposal_step", args=[draft.pk, "budget"])
    page = client.get(url).content.decode()
    assert "Montant demandé à Réunir Réussir" in page
    line = draft.budget_lines.get()
    response = client.post(url, {
        "version": draft.version, "stay": "1", f"funder_{world.call.pk}": "8 000", f"funder_{co_call.pk}": "12 000",
        "budget_lines-TOTAL_FORMS": "1", "budget_lines-INITIAL_FORMS": "1", "budget_lines-0-id": line.pk,
        "budget_lines-0-category": line.category, "budget_lines-0-description": line.description,
        "budget_lines-0-total_amount": "30 000", "budget_lines-0-fund_amount": "20 000",
        "cofundings-TOTAL_FORMS": "0", "cofundings-INITIAL_FORMS": "0",
        f"funder_axis_{co_call.pk}": co_call.program.axes.get().pk})
    assert response.status_code == 302
    assert dict(draft.funder_requests.values_list("call_id", "amount")) == {
        world.call.pk: Decimal("8000"), co_call.pk: Decimal("12000")}
    assert completeness.missing_items(draft) == []


def test_one_report_filed_once_each_funder_accepts_or_sends_back(world, shared):
    _partner, co_call, staff, draft = shared
    ask(draft, world.applicant, {world.call.pk: Decimal("8000"), co_call.pk: Decimal("12000")})
    services.transition(draft, "submit", world.applicant)
    files = {"host": Proposal.objects.get(pk=draft.pk), "partner": Proposal.objects.get(application=draft)}
    people = {"host": (world.analyst, world.board), "partner": (staff["analyst"], staff["board"])}
    for key, file in files.items():
        analyst, board = people[key]
        file = services.transition(file, "start_analysis", analyst)
        file = services.transition(file, "recommend", analyst)
        services.transition(file, "approve", board, amount_granted=file.requested_amount)
    interim = {key: Agreement.objects.get(proposal=file).reports.get(kind="interim") for key, file in files.items()}

    host_file = files["host"]
    accountability.save_report(
        interim["host"], world.applicant,
        data={"narrative": "Nous avons rejoint 120 personnes.", "objectives_progress": "Objectifs en bonne voie.",
              "participants_women": 70, "participants_men": 40, "participants_other": 10},
        results={host_file.indicators.get().pk: (Decimal("120"), "En bonne voie")},
        spendings={host_file.budget_lines.get().pk: Decimal("9000")},
        attachments=[SimpleUploadedFile("bilan.pdf", b"%PDF-1.4\n%bilan\n", content_type="application/pdf")])
    accountability.submit_report(interim["host"], world.applicant)

    twin = Report.objects.get(pk=interim["partner"].pk)
    assert (twin.state, twin.narrative, twin.participants_women) == (
        Report.State.SUBMITTED, "Nous avons rejoint 120 personnes.", 70)
    assert twin.indicator_results.get().indicator.proposal_id == files["partner"].pk
    assert twin.indicator_results.get().actual == Decimal("120")
    assert twin.spendings.get().spent == Decimal("9000")
    assert twin.attachments.get().original_name == "bilan.pdf"

    services.accept_report(Report.objects.get(pk=interim["host"].pk), world.analyst)
    accountability.return_report(twin, staff["analyst"], comment="Précisez les dépenses de transport.")
    assert Report.objects.get(pk=interim["host"].pk).state == Report.State.ACCEPTED
    assert Report.objects.get(pk=twin.pk).state == Report.State.RETURNED
    with pytest.raises(Forbidden):  # each funder reviews its own report only
        accountability.return_report(Report.objects.get(pk=interim["host"].pk), staff["analyst"], comment="Non.")


def test_the_portal_and_open_data_credit_each_funder_for_its_share(client, world, shared):
    partner, co_call, staff, draft = shared
    ask(draft, world.applicant, {world.call.pk: Decimal("8000"), co_call.pk: Decimal("12000")})
    services.transition(draft, "submit", world.applicant)
    files = [(Proposal.objects.get(pk=draft.pk), world.analyst, world.board, Decimal("7000")),
             (Proposal.objects.get(application=draft), staff["analyst"], staff["board"], Decimal("11000"))]
    for file, analyst, board, amount in files:
        file = services.transition(services.transition(file, "start_analysis", analyst), "recommend", analyst)
        services.transition(file, "approve", board, amount_granted=amount)
    host_pk, partner_pk = files[0][0].pk, files[1][0].pk

    page = unescape(client.get(reverse("portal:public_program", args=[partner.code])).content.decode()).replace(
        "\xa0", " ")
    assert "Cofinancé aussi par" in page and f"{world.program.name_fr} : 7 000,00 $" in page
    assert "11 000,00 $" in page
    package = json.loads(b"".join(client.get(reverse("portal:public_projects_json")).streaming_content))
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(package)
    grants = {item["id"]: item for item in package["grants"]}
    host, guest = (next(item for key, item in grants.items() if key.endswith(f"-{pk}")) for pk in (host_pk, partner_pk))
    assert (host["amountAwarded"], host["grantProgramme"][0]["code"]) == (7000, world.program.code)
    assert (guest["amountAwarded"], guest["grantProgramme"][0]["code"]) == (11000, partner.code)
    assert host["relatedActivity"] == [guest["id"]] and guest["relatedActivity"] == [host["id"]]
    csv = b"".join(client.get(reverse("portal:public_projects_csv")).streaming_content).decode("utf-8-sig")
    assert f",{guest['id']}\r\n" in csv or f",{guest['id']}\n" in csv


def test_each_co_funder_is_asked_under_an_axis_of_its_own_plan(world, shared):
    partner, co_call, _staff, draft = shared
    amounts = {world.call.pk: Decimal("8000"), co_call.pk: Decimal("12000")}
    saved = drafts.save_step(draft, world.applicant, version=draft.version, funders=amounts)
    assert [str(item.message) for item in completeness.missing_items(saved)] == [
        "Choisissez l'axe principal du plan de Réunir Réussir."]
    with pytest.raises(InvalidInput, match="plan de ce bailleur"):
        drafts.save_step(saved, world.applicant, version=saved.version, funders=amounts,
                         funder_axes={co_call.pk: draft.primary_axis_id})  # the host's axis


def test_the_api_lists_the_funders_and_takes_the_amounts(world, shared):
    partner, co_call, staff, draft = shared
    client = APIClient()
    client.force_authenticate(world.applicant)
    body = client.get(f"/api/v1/proposals/{draft.pk}/").json()
    offered = {funder["call"]: funder for funder in body["funder_calls"]}
    assert offered[world.call.pk]["host"] is True and offered[co_call.pk]["program"] == partner.code
    [axis] = offered[co_call.pk]["axes"]
    items = [{"call": world.call.pk, "amount": "8000.00"},
             {"call": co_call.pk, "amount": "12000.00", "primary_axis": axis["id"]}]
    answer = client.put(f"/api/v1/proposals/{draft.pk}/funders/", {"version": body["version"], "items": items},
                        format="json")
    assert answer.status_code == 200, answer.content
    assert {(item["call"], item["amount"], item["primary_axis"]) for item in answer.json()["items"]} == {
        (world.call.pk, "8000.00", None), (co_call.pk, "12000.00", axis["id"])}
    assert answer.json()["version"] == body["version"] + 1
    assert client.put(f"/api/v1/proposals/{draft.pk}/funders/", {"version": body["version"], "items": items},
                      format="json").status_code == 409  # stale version

    for intruder, status in ((world.other_applicant, 404), (staff["analyst"], 404), (world.analyst, 404)):
        client.force_authenticate(intruder)
        assert client.put(f"/api/v1/proposals/{draft.pk}/funders/", {"version": body["version"] + 1,
                                                                      "items": items}, format="json").status_code == status


def test_the_one_report_asks_each_funding_funders_questions(client, world, shared):
    _partner, co_call, staff, draft = shared
    own = ReportQuestion.objects.create(call=world.call, label_fr="Quels partenaires se sont ajoutés ?")
    theirs = ReportQuestion.objects.create(call=co_call, label_fr="Combien de jeunes ont persévéré ?",
                                           required=True)
    ask(draft, world.applicant, {world.call.pk: Decimal("8000"), co_call.pk: Decimal("12000")})
    services.transition(draft, "submit", world.applicant)
    files = {"host": Proposal.objects.get(pk=draft.pk), "partner": Proposal.objects.get(application=draft)}
    for file, (analyst, board) in zip(files.values(), ((world.analyst, world.board),
                                                        (staff["analyst"], staff["board"])), strict=True):
        file = services.transition(services.transition(file, "start_analysis", analyst), "recommend", analyst)
        services.transition(file, "approve", board, amount_granted=file.requested_amount)
    interim = Agreement.objects.get(proposal=files["host"]).reports.get(kind="interim")

    client.force_login(world.applicant)
    page = client.get(reverse("report_detail", args=[interim.pk])).content.decode()
    assert "Quels partenaires se sont ajoutés" in page and "Combien de jeunes ont persévéré" in page
    assert "Question de Réunir Réussir." in page
    host_file = files["host"]
    interim = accountability.save_report(
        interim, world.applicant,
        data={"narrative": "Bilan.", "objectives_progress": "En cours.", "participants_women": 1,
              "participants_men": 1, "participants_other": 0},
        results={host_file.indicators.get().pk: (Decimal("5"), "")})
    refused = [str(message) for message in accountability.missing_for_submission(interim)]
    assert refused == ["Répondez à la question « Combien de jeunes ont persévéré ? »."]
    with pytest.raises(accountability.AccountabilityInvalid):
        accountability.save_report(interim, world.applicant, data={}, answers={
            ReportQuestion.objects.create(call=factories.CallFactory(), label_fr="Autre").pk: "x"})
    accountability.save_report(interim, world.applicant, data={}, answers={theirs.pk: "42 jeunes.", own.pk: ""})
    accountability.submit_report(interim, world.applicant)

    twin = Agreement.objects.get(proposal=files["partner"]).reports.get(kind="interim")
    assert twin.state == Report.State.SUBMITTED
    assert dict(twin.answers.values_list("question_id", "text")) == {theirs.pk: "42 jeunes.", own.pk: ""}
    client.force_login(staff["analyst"])
    page = client.get(reverse("report_detail", args=[twin.pk])).content.decode()
    assert "Combien de jeunes ont persévéré" in page and "42 jeunes." in page
    body = client.get(f"/api/v1/reports/{twin.pk}/").json()
    assert {(answer["question"], answer["program"], answer["text"]) for answer in body["answers"]} == {
        (theirs.pk, co_call.program.code, "42 jeunes."), (own.pk, world.program.code, "")}


def test_the_funders_files_of_one_application_are_not_double_funding(world, shared):
    _partner, co_call, _staff, draft = shared
    draft.objectives = "Ateliers d'éveil à la lecture pour les tout-petits et leurs parents dans les bibliothèques."
    draft.save(update_fields=["objectives"])
    ask(draft, world.applicant, {world.call.pk: Decimal("8000"), co_call.pk: Decimal("12000")})
    services.transition(draft, "submit", world.applicant)
    partner_file = Proposal.objects.get(application=draft)
    other = fill_completely(factories.ProposalFactory(
        call=world.call, organisation=world.organisation, objectives=draft.objectives, state=State.SUBMITTED),
        world.program)
    for proposal in (draft, partner_file, other):
        similarity.compute(proposal.pk)
    related = set(ProposalSimilarity.objects.filter(proposal=partner_file).exclude(other=partner_file)
                  .values_list("other_id", flat=True))
    assert draft.pk not in related and other.pk in related


def test_applicants_apply_through_the_host_not_the_co_funders_call(world, shared):
    _partner, co_call, _staff, _draft = shared
    assert co_call not in list(open_calls()) and world.call in list(open_calls())
    with pytest.raises(NotEditable, match="appel conjoint"):
        drafts.create_draft(co_call, world.organisation, world.applicant, title="Par la porte de côté")


def test_a_shared_call_is_single_stage_and_has_one_host(world, shared):
    partner, co_call, _staff, _draft = shared
    world.call.two_stage, world.call.full_proposal_closes_at = True, world.call.closes_at + timedelta(days=30)
    with pytest.raises(ValidationError, match="une seule étape"):
        world.call.full_clean()
    world.call.refresh_from_db()
    third = factories.CallFactory(program=factories.ProgramFactory(), lead_call=co_call)
    with pytest.raises(ValidationError, match="un seul appel principal"):
        third.full_clean()
    same_program = factories.CallFactory(program=world.program, lead_call=world.call)
    with pytest.raises(ValidationError, match="autre programme"):
        same_program.full_clean()
    # A co-funder's call takes the host's window, whatever it was given.
    assert (co_call.opens_at, co_call.closes_at) == (world.call.opens_at, world.call.closes_at)


def test_a_withdrawn_funders_file_is_withdrawn_co_funding_for_the_others(world, shared):
    _partner, co_call, _staff, draft = shared
    ask(draft, world.applicant, {world.call.pk: Decimal("8000"), co_call.pk: Decimal("12000")})
    services.transition(draft, "submit", world.applicant)
    partner_file = Proposal.objects.get(application=draft)
    services.transition(partner_file, "withdraw", world.applicant, comment="Réunir Réussir finance autrement.")
    assert list(Proposal.objects.get(pk=draft.pk).cofundings.values_list("status", flat=True)) == [
        CoFunding.Status.WITHDRAWN]
    # The applicant's own sources stay confirmed or pending on the form.
    assert [value for value, _label in CoFundingForm().fields["status"].choices] == ["", "confirmed", "pending"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_applications_crossing_the_same_funders_from_either_side_both_file_at_once(require_postgres, world,
                                                                                       shared):
    """Each application's files take a number in both programs, one hosted by each: neither submit fails on a
    deadlock, and each program's numbers stay distinct and gap-free."""
    partner, co_call, _staff, draft = shared
    other_host = factories.CallFactory(program=partner)
    back_call = factories.CallFactory(program=world.program, lead_call=other_host, max_amount=Decimal("15000"))
    second = fill_completely(factories.ProposalFactory(call=other_host, organisation=world.organisation), partner)
    ask(draft, world.applicant, {world.call.pk: Decimal("8000"), co_call.pk: Decimal("12000")})
    ask(second, world.applicant, {other_host.pk: Decimal("8000"), back_call.pk: Decimal("12000")})

    outcomes = run_together(*[lambda host=host: services.transition(host, "submit", world.applicant)
                              for host in (draft, second)])

    assert all(getattr(outcome, "state", None) == State.SUBMITTED for outcome in outcomes), outcomes
    for program in (world.program, partner):
        references = Proposal.objects.filter(program=program, state=State.SUBMITTED).values_list("reference", flat=True)
        assert sorted(int(reference[-4:]) for reference in references) == [1, 2]
