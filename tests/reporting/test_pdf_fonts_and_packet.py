"""Every PDF of Concerto is printed with one font family (DejaVu Sans, page numbers included), and the
board packet follows its reader's language."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests import factories
from tests.scoring.decisions_setup import analysed_proposal
from workflow import services as workflow


def fonts(content):
    """The base font of every font the pages use, without the subset prefix (ABCDEF+)."""
    found = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            found.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return found


def text_of(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, " ".join(page.extract_text() for page in reader.pages).replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture
def meeting(world):
    axis = factories.AxisFactory(program=world.program, name_fr="Axe 2 : sécurité alimentaire",
                                 name_en="Axis 2: food security")
    strong = analysed_proposal(world, 84, "20000", axis=axis, title="Cuisine collective de Sept-Îles")
    workflow.transition(strong, "recommend", world.analyst, suggested_amount=Decimal("12345.67"),
                        comment="Projet structurant.")
    return factories.BoardMeetingFactory(program=world.program, date=date(2025, 6, 12), title="Séance du 12 juin 2025")


def packet(client, user, meeting):
    client.force_login(user)
    response = client.get(reverse("decisions:meeting_packet", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content


def test_the_packet_uses_one_font_family_page_numbers_included(client, world, meeting):
    content = packet(client, world.board, meeting)
    used = fonts(content)
    assert used and all(re.fullmatch(r"DejaVu-?Sans(-Bold|-Oblique|-BoldOblique)?", name) for name in used), used
    _, text = text_of(content)
    assert re.search(r"Page 1 / \d+", text)


def test_the_packet_follows_a_french_readers_language(client, world, meeting):
    reader, text = text_of(packet(client, world.board, meeting))
    assert str(reader.trailer["/Root"]["/Lang"]) == "fr-CA"
    assert "12 345,67 $" in text and "12 juin 2025" in text


def test_the_packet_follows_an_english_readers_language(client, world, meeting):
    world.board.language = "en"
    world.board.save(update_fields=["language"])
    reader, text = text_of(packet(client, world.board, meeting))
    assert str(reader.trailer["/Root"]["/Lang"]) == "en-CA"
    assert "$12,345.67" in text and "12 345,67 $" not in text
    assert "June 12, 2025" in text and "juin" not in text.replace("Séance du 12 juin 2025", "")
    assert "Axis 2: food security" in text


def test_the_application_and_report_pdfs_use_the_same_single_family(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, state="funded",
                                         title="Projet imprimé")
    factories.PartnerFactory(proposal=proposal)
    agreement = factories.AgreementFactory(proposal=proposal)
    report = factories.ReportFactory(agreement=agreement, narrative="Bilan « réussi ».")
    client.force_login(world.analyst)
    for url in (reverse("reporting:proposal_pdf", args=[proposal.pk]), reverse("reporting:report_pdf", args=[report.pk])):
        used = fonts(client.get(url).content)
        assert used and all(name.startswith("DejaVu-Sans") for name in used), (url, used)
