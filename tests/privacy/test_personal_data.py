"""A person's own data: the JSON export (every app's part, nobody else's data) and account closure (the
person anonymised, the history of decisions intact)."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse

from core import activity, personal_data, tokens
from core.errors import Forbidden
from core.models import ActivityLog, ApiToken
from grants.models import Membership, ProgramRole, Proposal, User
from notifications.models import Notification, OutboxMessage
from scoring.models import Decision, Review, ReviewerAssignment
from tests import factories
from tests.scoring.reviewing import active_review, put_in_state, rubric_for, submitted_proposal
from workflow.models import TransitionLog

PASSWORD = "secret-pass-123"


@pytest.fixture
def files(world):
    """The applicant's proposal and a colleague's in the same organisation, a review by the world's
    reviewer and one by another reviewer, a decision, a transition, mail and a notification."""
    colleague = factories.UserFactory(email="colleague@example.org", full_name="Colette Collègue")
    factories.MembershipFactory(user=colleague, organisation=world.organisation)
    rubric_for(world.call)
    mine = submitted_proposal(world, created_by=world.applicant, title="Cuisine collective du quartier",
                              objectives="Objectif écrit par la demandeuse.")
    theirs = submitted_proposal(world, created_by=colleague, title="Projet de la collègue",
                                objectives="Texte de la collègue.")
    my_review = active_review(mine, world.reviewer, world.analyst)
    Review.objects.filter(pk=my_review.pk).update(overall_comment="Mon avis d'évaluateur.")
    peer = factories.UserFactory(email="peer@example.org")
    factories.ProgramRoleFactory(user=peer, program=world.program, role="reviewer")
    peer_review = active_review(mine, peer, world.analyst)
    Review.objects.filter(pk=peer_review.pk).update(overall_comment="Avis d'un autre évaluateur.")
    log = TransitionLog.objects.create(proposal=mine, actor=world.analyst, transition="start_analysis",
                                       from_state="submitted", to_state="under_analysis", comment="Analyse lancée.")
    decided = put_in_state(factories.ProposalFactory(call=world.call, organisation=world.organisation), "declined")
    decision = factories.DecisionFactory(proposal=decided, meeting=factories.BoardMeetingFactory(program=world.program),
                                         outcome="declined", amount_granted=None, recorded_by=world.board)
    message = factories.OutboxMessageFactory(recipient=world.applicant, program=world.program, state="sent",
                                             subject="Reçu", body_text="Bonjour Marie")
    pending = factories.OutboxMessageFactory(recipient=world.applicant, program=world.program, state="pending")
    Notification.objects.create(user=world.applicant, message=message)
    return {"mine": mine, "theirs": theirs, "colleague": colleague, "my_review": my_review,
            "peer_review": peer_review, "log": log, "decision": decision, "message": message, "pending": pending}


def test_the_export_holds_the_persons_proposals_memberships_and_mail_and_nobody_elses(world, files):
    data = personal_data.export(world.applicant)
    json.dumps(data, cls=DjangoJSONEncoder)
    assert data["compte"]["courriel"] == "applicant@example.org"
    assert [row["organisme"] for row in data["organismes"]] == [world.organisation.legal_name]
    assert [row["titre"] for row in data["demandes_creees"]] == ["Cuisine collective du quartier"]
    text = json.dumps(data, default=str, ensure_ascii=False)
    assert "Projet de la collègue" not in text and "Texte de la collègue" not in text
    assert "colleague@example.org" not in text and "Colette" not in text
    assert "Mon avis d'évaluateur" not in text  # the reviewer's, not the applicant's
    assert [row["objet"] for row in data["courriels_recus"]][0] == "Reçu"
    assert data["adresses_courriel"] == [{"adresse": "applicant@example.org", "verifiee": True, "principale": True}]


def test_a_reviewers_export_holds_their_own_reviews_and_declarations_only(world, files):
    data = personal_data.export(world.reviewer)
    assert [row["commentaire"] for row in data["evaluations"]] == ["Mon avis d'évaluateur."]
    assert [row["conflit"] for row in data["declarations_conflit"]] == [False]
    assert [row["role"] for row in data["roles_programmes"]] == ["reviewer"]
    assert "Avis d'un autre évaluateur" not in json.dumps(data, default=str, ensure_ascii=False)
    assert data["demandes_creees"] == []


def test_staff_export_holds_their_transitions_and_decisions(world, files):
    assert [row["transition"] for row in personal_data.export(world.analyst)["transitions"]] == ["start_analysis"]
    assert [row["resultat"] for row in personal_data.export(world.board)["decisions_consignees"]] == ["declined"]


def test_the_download_is_a_json_file_and_leaves_a_trace(client, world, files):
    client.force_login(world.applicant)
    page = client.get(reverse("personal_data"))
    assert page.status_code == 200 and reverse("personal_data_download").encode() in page.content
    response = client.get(reverse("personal_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="concerto-mes-donnees-')
    data = json.loads(b"".join(response.streaming_content))
    assert data["compte"]["id"] == world.applicant.pk and data["format"] == personal_data.FORMAT
    assert ActivityLog.objects.of(world.applicant).filter(action="personal_data_export",
                                                          actor=world.applicant).count() == 1


def test_the_profile_links_to_my_data_and_to_closing(client, world):
    client.force_login(world.applicant)
    page = client.get(reverse("profile")).content.decode()
    assert reverse("personal_data") in page and reverse("close_account") in page and reverse("privacy") in page


def test_a_wrong_password_closes_nothing(client, world):
    client.force_login(world.applicant)
    response = client.post(reverse("close_account"), {"password": "not-it", "confirm": "on"})
    assert response.status_code == 400
    world.applicant.refresh_from_db()
    assert world.applicant.is_active and world.applicant.email == "applicant@example.org"
    response = client.post(reverse("close_account"), {"password": PASSWORD})  # not confirmed
    assert response.status_code == 400
    assert User.objects.get(pk=world.applicant.pk).is_active


def test_closing_anonymises_the_person_and_keeps_the_history(client, world, files):
    person = world.applicant
    Authenticator.objects.create(user=person, type="totp", data={"secret": "x"})
    tokens.issue(person, name="tableur")
    other_session = Client()
    other_session.force_login(person)
    client.force_login(person)

    response = client.post(reverse("close_account"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("privacy")

    person.refresh_from_db()
    assert person.full_name == "Compte fermé" and person.email == f"closed-{person.pk}@invalid"
    assert not person.is_active and not person.has_usable_password()
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not Authenticator.objects.filter(user=person).exists()
    assert not ApiToken.objects.filter(user=person).exists()
    assert not Membership.objects.filter(user=person).exists()
    assert not EmailAddress.objects.filter(email__iexact="applicant@example.org").exists()
    # Mail: the pending message is cancelled, every message to the person loses address and content.
    pending = OutboxMessage.objects.get(pk=files["pending"].pk)
    assert pending.state == "failed" and pending.to_email == person.email and pending.context == {}
    sent = OutboxMessage.objects.get(pk=files["message"].pk)
    assert (sent.to_email, sent.subject, sent.body_text) == (person.email, "", "") and sent.state == "sent"
    assert not Notification.objects.filter(user=person).exists()
    # The history stays, pointing at the anonymised account.
    assert Proposal.objects.get(pk=files["mine"].pk).created_by_id == person.pk
    assert ActivityLog.objects.of(person).filter(action="account_closed", actor=person).exists()
    # Signed out here and everywhere else.
    assert client.get(reverse("profile")).status_code == 302
    assert other_session.get(reverse("profile")).status_code == 302
    assert not client.login(email="applicant@example.org", password=PASSWORD)
    assert not client.login(email=person.email, password=PASSWORD)


def test_a_staff_member_with_open_duties_can_close_and_their_work_stays(client, world, files):
    reviewer = world.reviewer
    assignment = ReviewerAssignment.objects.get(reviewer=reviewer)
    client.force_login(reviewer)
    assert client.post(reverse("close_account"), {"password": PASSWORD, "confirm": "on"}).status_code == 302
    reviewer.refresh_from_db()
    assert not reviewer.is_active and not ProgramRole.objects.filter(user=reviewer).exists()
    assert ReviewerAssignment.objects.get(pk=assignment.pk).reviewer_id == reviewer.pk
    review = Review.objects.get(pk=files["my_review"].pk)
    assert review.reviewer_id == reviewer.pk and review.overall_comment == "Mon avis d'évaluateur."

    for person in (world.analyst, world.board):
        client.force_login(person)
        assert client.post(reverse("close_account"), {"password": PASSWORD, "confirm": "on"}).status_code == 302
    assert TransitionLog.objects.get(pk=files["log"].pk).actor_id == world.analyst.pk
    decision = Decision.objects.get(pk=files["decision"].pk)
    assert decision.recorded_by_id == world.board.pk and str(decision.recorded_by) == "Compte fermé"


def test_closed_manager_loses_admin_access(client, world):
    manager = world.manager
    User.objects.filter(pk=manager.pk).update(is_staff=True)
    personal_data.close_account(manager, manager)
    manager.refresh_from_db()
    assert not manager.is_staff and not manager.is_superuser and not manager.groups.exists()


def test_only_the_person_or_an_admin_closes_an_account(world):
    with pytest.raises(Forbidden):
        personal_data.close_account(world.applicant, world.analyst)
    assert User.objects.get(pk=world.applicant.pk).is_active
    personal_data.close_account(world.applicant, world.admin)
    assert not User.objects.get(pk=world.applicant.pk).is_active
    entry = ActivityLog.objects.of(world.applicant).get(action="account_closed")
    assert entry.actor == world.admin


def test_closing_twice_changes_nothing_more(world):
    first = personal_data.close_account(world.applicant, world.applicant)
    again = personal_data.close_account(first, world.admin)
    assert again.email == first.email
    assert ActivityLog.objects.of(world.applicant).filter(action="account_closed").count() == 1


def test_history_logs_cannot_erase_the_closed_account(world):
    entry = activity.record(world.organisation, world.applicant, "edited")
    personal_data.close_account(world.applicant, world.applicant)
    entry.refresh_from_db()
    assert entry.actor_id == world.applicant.pk


def test_an_admin_closes_an_account_on_request_from_the_users_list(client, world):
    client.force_login(world.admin)
    response = client.post("/admin/grants/user/", {"action": "close_accounts", "_selected_action": [world.nobody.pk]})
    assert response.status_code == 302
    world.nobody.refresh_from_db()
    assert not world.nobody.is_active and world.nobody.full_name == "Compte fermé"
    assert ActivityLog.objects.of(world.nobody).get(action="account_closed").actor == world.admin
