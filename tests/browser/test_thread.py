"""The conversation in Chromium: the analyst asks a question from the keyboard, the applicant answers on a
phone with a file, files the application again, and the analyst reads the whole story in order, downloads the
file and opens what changed between the two versions; axe-core on each page."""

import pytest

from grants.models import MessageAttachment
from grants.services import proposals as proposal_services
from notifications.models import OutboxMessage
from tests import factories
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login
from tests.workflow.helpers import fill_completely
from workflow import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REQUEST = "Précisez la population ciblée."
QUESTION = "Pouvez-vous joindre la lettre d'appui de la municipalité ?"
ANSWER = "La voici, signée par la mairesse."


def under_review(world):
    """Filed, taken by the analyst, sent back for changes (the change request opens the story)."""
    proposal = fill_completely(factories.ProposalFactory(
        call=world.call, organisation=world.organisation, title="Cuisines collectives du quartier"), world.program)
    proposal = services.transition(proposal, "submit", world.applicant)
    proposal = services.transition(proposal, "start_analysis", world.analyst)
    return services.transition(proposal, "request_changes", world.analyst, comment=REQUEST)


def test_the_analyst_asks_and_the_applicant_answers_with_a_file(live_server, browser, new_page, world, tmp_path):
    proposal = under_review(world)
    staff_url = f"{live_server.url}/analyse/demandes/{proposal.pk}/"

    analyst = new_page()
    login(analyst, live_server, world.analyst.email)
    analyst.goto(staff_url)
    conversation = analyst.locator("#echanges")
    # From the keyboard: the kind of message (an internal note until told otherwise), the text, the button.
    conversation.get_by_label("Organisme et équipe").focus()
    analyst.keyboard.press("Space")
    conversation.get_by_label("Message :", exact=True).focus()
    analyst.keyboard.type(QUESTION)
    conversation.get_by_role("button", name="Envoyer le message").focus()
    with analyst.expect_navigation():
        analyst.keyboard.press("Enter")
    assert "#message-" in analyst.url
    assert analyst.locator("#echanges .conversation-applicant").filter(has_text=QUESTION).is_visible()
    assert_no_axe_violations(analyst)
    assert OutboxMessage.objects.filter(kind="thread_message", to_email=world.applicant.email).count() == 1

    # The applicant, on a phone.
    phone = browser.new_context(locale="fr-CA", viewport={"width": 390, "height": 844})
    applicant = phone.new_page()
    applicant.set_default_timeout(15000)
    login(applicant, live_server, world.applicant.email)
    applicant.goto(f"{live_server.url}/demandes/{proposal.pk}/#echanges")
    assert applicant.locator("#echanges").get_by_text(QUESTION).is_visible()
    assert applicant.locator("#echanges").get_by_text("Note interne").count() == 0
    letter = tmp_path / "lettre-appui.pdf"
    letter.write_bytes(PDF)
    applicant.locator("#echanges").get_by_label("Message :", exact=True).fill(ANSWER)
    applicant.locator("#echanges").get_by_label("Fichier (facultatif) :").set_input_files(str(letter))
    with applicant.expect_navigation():
        applicant.locator("#echanges").get_by_role("button", name="Envoyer le message").click()
    assert applicant.locator("#echanges").get_by_text(ANSWER).is_visible()
    assert applicant.locator("#echanges").get_by_role("link", name="lettre-appui.pdf").is_visible()
    assert applicant.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert_no_axe_violations(applicant)
    phone.close()
    assert OutboxMessage.objects.filter(kind="thread_message", to_email=world.analyst.email).count() == 1

    # The organisation makes the change and files again.
    proposal.refresh_from_db()
    proposal = proposal_services.save_step(proposal, world.applicant, version=proposal.version,
                                           fields={"target_population": "Familles et personnes aînées isolées."})
    services.transition(proposal, "resubmit", world.applicant)

    # The analyst reads the story in order: the request, the question, the answer and its file, the new filing.
    analyst.goto(staff_url)
    story = analyst.locator("#echanges .conversation-items > li").all_inner_texts()
    assert [REQUEST in story[-4], QUESTION in story[-3], ANSWER in story[-2], "Déposer de nouveau" in story[-1]] \
        == [True] * 4
    with analyst.expect_download() as download:
        analyst.locator("#echanges").get_by_role("link", name="lettre-appui.pdf").click()
    assert download.value.suggested_filename == "lettre-appui.pdf"
    assert MessageAttachment.objects.get().size == len(PDF)
    # ... and what changed between the two versions, on the versions page.
    analyst.locator("#versions").get_by_role("button", name="Comparer").focus()
    with analyst.expect_navigation():
        analyst.keyboard.press("Enter")
    assert f"/analyse/demandes/{proposal.pk}/versions/" in analyst.url
    assert analyst.get_by_role("heading", name="Ce qui a changé de la version 1 à la version 2").is_visible()
    assert analyst.locator("ins").filter(has_text="aînées isolées").first.is_visible()
    assert_no_axe_violations(analyst)
