"""The conversation on the applicant's and the staff page: messages and transition comments in one timeline,
the form (without JavaScript), the page answering a refused message, the files, a constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants import mentions
from grants.models import Message, MessageAttachment
from grants.services import thread
from grants.states import State
from tests.grants.intake_setup import EXE, PDF, upload
from workflow import conversation, services

pytestmark = pytest.mark.django_db


def staff_page(pk):
    return f"/analyse/demandes/{pk}/"


def applicant_page(pk):
    return f"/demandes/{pk}/"


def story(found):
    items, _truncated = found
    return [item.message.body if item.message else f"{item.entry.log.transition}:{item.entry.comment}"
            for item in items]


def test_the_timeline_tells_the_whole_story_in_order(world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    services.transition(proposal, "request_changes", world.analyst, comment="Ajoutez la lettre d'appui.")
    thread.post_message(proposal, world.applicant, body="Laquelle, celle de la ville ?", visibility="applicant")
    thread.post_message(proposal, world.analyst, body="Relancer s'ils tardent.", visibility="staff")
    thread.post_message(proposal, world.analyst, body="Oui, celle de la ville.", visibility="applicant")
    proposal.refresh_from_db()
    services.transition(proposal, "withdraw", world.applicant, comment="Le projet est reporté.")
    proposal.refresh_from_db()

    assert story(conversation.story(proposal, world.applicant, 50)) == [
        "request_changes:Ajoutez la lettre d'appui.", "Laquelle, celle de la ville ?", "Oui, celle de la ville.",
        "withdraw:Le projet est reporté."]
    assert story(conversation.story(proposal, world.analyst, 50)) == [
        "request_changes:Ajoutez la lettre d'appui.", "Laquelle, celle de la ville ?", "Relancer s'ils tardent.",
        "Oui, celle de la ville.", "withdraw:Le projet est reporté."]


def test_a_refusal_reason_meant_for_the_board_is_not_shown_to_the_organisation(world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    proposal = services.transition(proposal, "do_not_recommend", world.analyst, comment="Budget irréaliste.")
    assert story(conversation.story(proposal, world.applicant, 50)) == ["do_not_recommend:"]
    assert story(conversation.story(proposal, world.board, 50)) == ["do_not_recommend:Budget irréaliste."]


def test_the_applicant_asks_from_their_page_without_javascript(client, world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    client.force_login(world.applicant)
    page = client.get(applicant_page(proposal.pk)).content.decode()
    assert 'id="echanges"' in page and 'enctype="multipart/form-data"' in page
    # One kind only for the organisation: no choice to make.
    assert 'type="hidden" name="visibility" value="applicant"' in page
    assert "Note interne" not in page
    response = client.post(f"/demandes/{proposal.pk}/echanges/", {
        "visibility": "applicant", "body": "Le budget doit-il inclure les taxes ?", "next": applicant_page(proposal.pk),
        "file": upload("budget.pdf", PDF)})
    message = Message.objects.get()
    assert response.status_code == 302
    assert response.url == f"{applicant_page(proposal.pk)}#message-{message.pk}"
    page = client.get(response.url).content.decode()
    assert "Le budget doit-il inclure les taxes ?" in page and "budget.pdf" in page


def test_the_staff_page_offers_every_kind_an_internal_note_first(client, world, make_proposal):
    world.manager.full_name = "Julie Gagnon"
    world.manager.save(update_fields=["full_name"])
    proposal = make_proposal(State.UNDER_ANALYSIS)
    thread.post_message(proposal, world.applicant, body="Une question.", visibility="applicant")
    client.force_login(world.analyst)
    page = client.get(staff_page(proposal.pk)).content.decode()
    assert "Une question." in page
    for kind in ("applicant", "staff", "board"):
        assert f'name="visibility" value="{kind}"' in page
    assert 'value="staff" required id="thread-visibility_1" checked' in page
    assert "<code>@julie-gagnon</code>" in page  # the hint names who may be mentioned
    assert f"<code>@{mentions.handle(world.analyst)}</code>" not in page  # not the reader


def test_the_board_writes_only_to_the_team_and_reads_only_that(client, world, make_proposal):
    proposal = make_proposal(State.RECOMMENDED)
    thread.post_message(proposal, world.analyst, body="Pour le CA : projet solide.", visibility="board")
    thread.post_message(proposal, world.analyst, body="Pour l'organisme.", visibility="applicant")
    client.force_login(world.board)
    page = client.get(staff_page(proposal.pk)).content.decode()
    assert "Pour le CA : projet solide." in page and "Pour l&#x27;organisme." not in page
    assert 'type="hidden" name="visibility" value="board"' in page


def test_a_refused_message_comes_back_with_what_was_written(client, world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    client.force_login(world.applicant)
    response = client.post(f"/demandes/{proposal.pk}/echanges/", {
        "visibility": "applicant", "body": "Voici le document demandé.", "next": applicant_page(proposal.pk),
        "file": upload("resolution.pdf", EXE)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Voici le document demandé." in page
    assert "ne correspond pas à son extension" in page and 'role="alert"' in page
    assert not Message.objects.exists()


def test_a_foreign_next_is_ignored(client, world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    client.force_login(world.analyst)
    response = client.post(f"/demandes/{proposal.pk}/echanges/", {
        "visibility": "staff", "body": "Note", "next": "https://evil.example/"})
    assert response.url.startswith(staff_page(proposal.pk) + "#message-")


def test_a_file_is_read_only_by_who_reads_its_message(client, world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    note = thread.post_message(proposal, world.analyst, body="Copie du courriel", visibility="staff",
                               uploaded=upload("courriel.pdf", PDF))
    stored = MessageAttachment.objects.get(message=note)
    url = f"/demandes/{proposal.pk}/echanges/{note.pk}/fichiers/{stored.pk}/"
    client.force_login(world.analyst)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(world.applicant)
    assert client.get(url).status_code == 404
    # The same file under another message or proposal does not exist.
    client.force_login(world.analyst)
    assert client.get(f"/demandes/{proposal.pk}/echanges/{note.pk + 1}/fichiers/{stored.pk}/").status_code == 404


def test_the_conversation_costs_the_same_with_many_messages(world, make_proposal):
    proposal = make_proposal(State.UNDER_ANALYSIS)

    def count():
        with CaptureQueriesContext(connection) as queries:
            conversation.story(proposal, world.analyst, 50)
        return len(queries)

    thread.post_message(proposal, world.applicant, body="Une", visibility="applicant",
                        uploaded=upload("a.pdf", PDF))
    count()  # the reader's roles are read once, then cached on them
    few = count()
    for number in range(15):
        thread.post_message(proposal, world.analyst, body=f"Message {number}", visibility="staff",
                            uploaded=upload("b.pdf", PDF))
    assert count() == few


def test_a_long_conversation_shows_its_latest_messages_and_says_so(world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    for number in range(3):
        thread.post_message(proposal, world.analyst, body=f"Message {number}", visibility="staff")
    assert story(conversation.story(proposal, world.analyst, limit=2)) == ["Message 1", "Message 2"]
    assert conversation.story(proposal, world.analyst, limit=2)[1] is True
    assert conversation.story(proposal, world.analyst, limit=3)[1] is False


def test_the_page_says_when_older_messages_are_left_out(client, world, make_proposal, monkeypatch):
    monkeypatch.setattr(conversation, "PAGE_LIMIT", 1)
    proposal = make_proposal(State.SUBMITTED)
    thread.post_message(proposal, world.applicant, body="La première question.", visibility="applicant")
    thread.post_message(proposal, world.applicant, body="La seconde question.", visibility="applicant")
    client.force_login(world.applicant)
    html = client.get(applicant_page(proposal.pk)).content.decode()
    assert "Seuls les 1 derniers messages sont affichés." in html
    assert "La seconde question." in html and "La première question." not in html


@pytest.mark.parametrize("page", [staff_page, applicant_page])
def test_each_page_tells_the_story_once_with_its_styles(client, world, make_proposal, page):
    proposal = make_proposal(State.UNDER_ANALYSIS)
    services.transition(proposal, "request_changes", world.analyst, comment="Ajoutez la lettre d'appui.")
    client.force_login(world.analyst)
    html = client.get(page(proposal.pk)).content.decode()
    assert html.count('id="history-heading"') == 1 and html.count("Demander des compléments") == 1
    head = html[:html.index("</head>")]
    assert "css/conversation.css" in head
