"""A proposal's conversation: who reads and writes which kind of message, whom each message tells (outbox,
in-app notice, language), @mentions, and the files sent with a message."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from core import personal_data
from core.errors import Forbidden, InvalidInput, NotFound
from grants import privacy, rules, thread_selectors
from grants.models import Message, MessageAttachment
from grants.services import thread
from notifications.models import Notification, OutboxMessage
from tests import factories
from tests.grants.intake_setup import EXE, PDF, upload

pytestmark = pytest.mark.django_db

PERSONAS = ("applicant", "other_applicant", "analyst", "outside_analyst", "reviewer", "board", "manager", "admin",
            "nobody")
ANALYSIS = ("submitted", "under_analysis", "changes_requested")
DECISION = ("recommended", "funded", "reported")

# Which kinds of message each persona reads, written by hand from the policy: the organisation its own
# exchanges with the team; the team (analyst, manager of the program) and admins everything; the board only
# what is addressed to it, once the proposal is before it; nobody else anything.
READS_ANALYSIS = {
    "applicant": {"applicant"}, "other_applicant": set(), "analyst": {"applicant", "staff", "board"},
    "outside_analyst": set(), "reviewer": set(), "board": set(), "manager": {"applicant", "staff", "board"},
    "admin": {"applicant", "staff", "board"}, "nobody": set(),
}
READS_DECISION = {**READS_ANALYSIS, "board": {"board"}}
# Which kinds each persona may write.
WRITES_ANALYSIS = {
    "applicant": ["applicant"], "other_applicant": [], "analyst": ["applicant", "staff", "board"],
    "outside_analyst": [], "reviewer": [], "board": [], "manager": ["applicant", "staff", "board"],
    "admin": ["applicant", "staff", "board"], "nobody": [],
}
WRITES_DECISION = {**WRITES_ANALYSIS, "board": ["board"]}


def make(world, state, **fields):
    return factories.ProposalFactory(call=world.call, organisation=world.organisation, state=state, **fields)


def one_of_each(proposal, world):
    return {kind: Message.objects.create(proposal=proposal, author=world.analyst, visibility=kind, body=f"Texte {kind}")
            for kind in ("applicant", "staff", "board")}


@pytest.mark.parametrize("state", ANALYSIS + DECISION)
def test_each_persona_reads_exactly_the_kinds_meant_for_them(world, state):
    proposal = make(world, state)
    messages = one_of_each(proposal, world)
    expected = READS_DECISION if state in DECISION else READS_ANALYSIS
    for persona in PERSONAS:
        user = getattr(world, persona)
        seen = {message.visibility for message in thread_selectors.visible_messages(user, proposal, limit=10)}
        assert seen == expected[persona], persona
        for kind, message in messages.items():
            assert user.has_perm("grants.view_message", message) is (kind in expected[persona]), (persona, kind)


@pytest.mark.parametrize("state", ANALYSIS + DECISION)
def test_each_persona_writes_exactly_the_kinds_allowed(world, state):
    proposal = make(world, state)
    expected = WRITES_DECISION if state in DECISION else WRITES_ANALYSIS
    for persona in PERSONAS:
        assert rules.writable_visibilities(getattr(world, persona), proposal) == expected[persona], persona


def test_a_draft_has_no_conversation(world):
    proposal = make(world, "draft")
    for persona in PERSONAS:
        assert rules.writable_visibilities(getattr(world, persona), proposal) == [], persona
    with pytest.raises(Forbidden):
        thread.post_message(proposal, world.applicant, body="Bonjour", visibility="applicant")
    with pytest.raises(NotFound):
        thread.post_message(proposal, world.analyst, body="Bonjour", visibility="staff")


def test_refusals_say_why(world):
    proposal = make(world, "submitted")
    with pytest.raises(InvalidInput):
        thread.post_message(proposal, world.applicant, body="   ", visibility="applicant")
    with pytest.raises(Forbidden):
        thread.post_message(proposal, world.applicant, body="Note", visibility="staff")
    with pytest.raises(NotFound):
        thread.post_message(proposal, world.reviewer, body="Bonjour", visibility="applicant")
    assert not Message.objects.exists()


def rows(kind="thread_message"):
    return list(OutboxMessage.objects.filter(kind=kind).order_by("to_email"))


def test_the_organisations_message_tells_the_programs_analysts_in_their_language(world):
    world.analyst.language = "en"
    world.analyst.save(update_fields=["language"])
    proposal = make(world, "submitted")
    message = thread.post_message(proposal, world.applicant, body="Faut-il une lettre d'appui ?",
                                  visibility="applicant")
    sent = rows()
    assert [row.to_email for row in sent] == ["analyst@example.org"]
    assert sent[0].language == "en"
    assert sent[0].occurrence == f"message-{message.pk}"
    assert sent[0].context["comment"] == "Faut-il une lettre d'appui ?"
    assert sent[0].context["url"].endswith(f"/analyse/demandes/{proposal.pk}/#echanges")
    # ... and it is in their notification centre.
    assert Notification.objects.filter(user=world.analyst, message=sent[0]).exists()


def test_once_an_analyst_took_the_file_only_they_are_told(world):
    colleague = factories.UserFactory(email="colleague@example.org")
    factories.ProgramRoleFactory(user=colleague, program=world.program, role="analyst")
    proposal = make(world, "under_analysis", assigned_analyst=colleague)
    thread.post_message(proposal, world.applicant, body="Question", visibility="applicant")
    assert [row.to_email for row in rows()] == ["colleague@example.org"]


def test_the_teams_message_tells_the_organisations_members_in_french(world):
    member = factories.UserFactory(email="member@example.org")
    factories.MembershipFactory(user=member, organisation=world.organisation)
    proposal = make(world, "under_analysis")
    thread.post_message(proposal, world.analyst, body="Pouvez-vous préciser le budget ?", visibility="applicant")
    sent = rows()
    assert [row.to_email for row in sent] == ["applicant@example.org", "member@example.org"]
    assert {row.language for row in sent} == {"fr"}
    assert sent[0].context["url"].endswith(f"/demandes/{proposal.pk}/#echanges")
    assert "/analyse/" not in sent[0].context["url"]
    assert sent[0].context["visibility"] == "Organisme et équipe"
    assert Notification.objects.filter(user=world.applicant).count() == 1


def test_an_internal_note_tells_nobody(world):
    proposal = make(world, "under_analysis")
    thread.post_message(proposal, world.analyst, body="Vérifier le NEQ.", visibility="staff")
    assert not OutboxMessage.objects.exists()


def test_between_the_team_and_the_board_each_tells_the_other(world):
    proposal = make(world, "recommended", assigned_analyst=world.analyst)
    thread.post_message(proposal, world.analyst, body="Le budget a été revu.", visibility="board")
    assert [row.to_email for row in rows()] == ["board@example.org"]
    OutboxMessage.objects.all().delete()
    thread.post_message(proposal, world.board, body="Quel est l'effet sur l'enveloppe ?", visibility="board")
    assert [row.to_email for row in rows()] == ["analyst@example.org"]


def test_a_board_message_before_the_decision_stage_does_not_reach_the_board(world):
    proposal = make(world, "under_analysis")
    thread.post_message(proposal, world.analyst, body="À présenter au CA.", visibility="board")
    assert rows() == []


def test_a_mention_tells_the_person_named_once(world):
    world.manager.full_name = "Julie Gagnon"
    world.manager.save(update_fields=["full_name"])
    proposal = make(world, "under_analysis")
    thread.post_message(proposal, world.analyst, body="@julie-gagnon peux-tu valider ? Copie : info@org.example",
                        visibility="staff")
    mentioned = rows("thread_mention")
    assert [row.to_email for row in mentioned] == ["manager@example.org"]
    assert Notification.objects.filter(user=world.manager, message=mentioned[0]).exists()
    assert rows() == []


def test_a_mention_by_address_from_either_side(world):
    proposal = make(world, "under_analysis")
    thread.post_message(proposal, world.applicant, body="Merci @Manager, voici la réponse.", visibility="applicant")
    assert [row.to_email for row in rows("thread_mention")] == ["manager@example.org"]
    # The mentioned person is not told twice; the other analysts are told as usual.
    assert [row.to_email for row in rows()] == ["analyst@example.org"]
    OutboxMessage.objects.all().delete()
    thread.post_message(proposal, world.analyst, body="Je mets @manager et @analyst en copie.", visibility="applicant")
    # Never the author.
    assert [row.to_email for row in rows("thread_mention")] == ["manager@example.org"]
    assert [row.to_email for row in rows()] == ["applicant@example.org"]


def test_a_mention_never_reaches_someone_who_may_not_read_the_message(world):
    proposal = make(world, "recommended")
    thread.post_message(proposal, world.analyst, body="@board @reviewer @outside-analyst à voir",
                        visibility="staff")
    assert rows("thread_mention") == []
    thread.post_message(proposal, world.analyst, body="@board à voir", visibility="board")
    assert [row.to_email for row in rows("thread_mention")] == ["board@example.org"]


def test_a_file_is_stored_under_a_generated_name(world):
    proposal = make(world, "changes_requested")
    message = thread.post_message(proposal, world.applicant, body="Voici la lettre.", visibility="applicant",
                                  uploaded=upload("C:\\docs\\lettre d'appui.pdf", PDF))
    stored = MessageAttachment.objects.get(message=message)
    assert stored.original_name == "lettre d'appui.pdf"
    assert stored.content_type == "application/pdf" and stored.size == len(PDF)
    assert "lettre" not in stored.file.name and stored.file.name.startswith(f"messages/{proposal.pk}/")
    assert default_storage.open(stored.file.name).read() == PDF


@pytest.mark.parametrize("name, content, code", [
    ("résolution.pdf", EXE, "content"), ("outil.exe", EXE, "extension"), ("vide.pdf", b"", "empty"),
])
def test_a_file_failing_the_upload_checks_leaves_nothing(world, name, content, code):
    proposal = make(world, "submitted")
    with pytest.raises(ValidationError) as refused:
        thread.post_message(proposal, world.applicant, body="Voici", visibility="applicant",
                            uploaded=upload(name, content))
    assert refused.value.code == code
    assert not Message.objects.exists() and not OutboxMessage.objects.exists()


def test_a_persons_export_holds_the_messages_they_wrote_and_no_other(world):
    proposal = make(world, "under_analysis")
    thread.post_message(proposal, world.applicant, body="Voici la lettre.", visibility="applicant",
                        uploaded=upload("lettre.pdf", PDF))
    thread.post_message(proposal, world.analyst, body="Merci, bien reçue.", visibility="applicant")
    written = personal_data.export(world.applicant)["messages_ecrits"]
    assert [(row["message"], row["fichiers"]) for row in written] == [("Voici la lettre.", ["lettre.pdf"])]


def test_retention_deletes_the_messages_files_and_blanks_their_text_keeping_their_trace(
        world, django_capture_on_commit_callbacks):
    proposal = make(world, "declined")
    message = thread.post_message(proposal, world.applicant, body="Voici la lettre.", visibility="applicant",
                                  uploaded=upload("lettre.pdf", PDF))
    stored = MessageAttachment.objects.get(message=message).file.name
    later = timezone.now() + timedelta(days=1)
    assert privacy.ended_unfunded_proposals(later, dry_run=True) == 1
    with django_capture_on_commit_callbacks(execute=True):
        privacy.ended_unfunded_proposals(later, dry_run=False)
    message.refresh_from_db()
    assert message.body == "" and message.author == world.applicant
    assert not MessageAttachment.objects.exists() and not default_storage.exists(stored)
    assert privacy.ended_unfunded_proposals(later, dry_run=True) == 0  # nothing left to redact
