"""The board packet (workflow.packet: scoring's reads and the team's recommendations from the transition
log): a French PDF whose text is extracted and checked."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests import factories
from tests.scoring.decisions_setup import analysed_proposal
from workflow import packet
from workflow import services as workflow


def plain(text):
    # Québec amounts use (narrow) non-breaking spaces; compare them as plain spaces.
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture
def meeting(world):
    axis = factories.AxisFactory(program=world.program, name_fr="Axe 2 : sécurité alimentaire")
    mrc = factories.MrcFactory(name="Sept-Rivières")
    strong = analysed_proposal(world, 84, "20000", mrcs=[mrc], axis=axis, title="Cuisine collective de Sept-Îles")
    weak = analysed_proposal(world, 41, "15000", mrcs=[mrc], title="Halte-garderie communautaire")
    workflow.transition(strong, "recommend", world.analyst, suggested_amount=Decimal("12345.67"),
                        comment="Projet structurant, partenaires engagés.")
    workflow.transition(weak, "do_not_recommend", world.analyst, comment="Budget peu réaliste.")
    return factories.BoardMeetingFactory(program=world.program, date=date(2025, 6, 12),
                                         title="Séance du 12 juin 2025", place="Baie-Comeau")


def test_packet_pdf_has_the_summary_and_a_page_per_proposal(meeting):
    reader = PdfReader(io.BytesIO(packet.render_pdf(meeting)))
    text = plain("\n".join(page.extract_text() for page in reader.pages))
    assert "Cahier de la séance — Séance du 12 juin 2025" in text
    assert "Demandes recommandées par l'équipe régionale" in text
    assert "Demandes non recommandées" in text
    assert "Cuisine collective de Sept-Îles" in text and "Halte-garderie communautaire" in text
    assert "12 345,67 $" in text
    assert "20 000,00 $" in text
    assert "Projet structurant, partenaires engagés." in text  # the team's recommendation
    assert "Budget peu réaliste." in text
    assert "Projet solide et bien ancré." in text  # a reviewer's comment
    assert "Sept-Rivières" in text and "Axe 2 : sécurité alimentaire" in text
    # A summary page, then one page per proposal.
    assert len(reader.pages) >= 3
    assert reader.metadata.title == "Cahier de la séance — Séance du 12 juin 2025"
    assert str(reader.trailer["/Root"]["/Lang"]) == "fr-CA"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged PDF: headings and tables


def test_packet_lists_recommended_first_with_totals(meeting):
    context = packet.packet_context(meeting)
    assert [i["proposal"].title for i in context["recommended"]] == ["Cuisine collective de Sept-Îles"]
    assert [i["proposal"].title for i in context["not_recommended"]] == ["Halte-garderie communautaire"]
    assert context["suggested_total"] == Decimal("12345.67")
    assert context["requested_total"] == Decimal("20000")
    html = packet.render_html(meeting)
    assert '<html lang="fr-CA">' in html and '<th scope="col"' in html and "<caption>" in html


@pytest.mark.parametrize("persona, status", [
    ("board", 200), ("analyst", 200), ("manager", 200), ("admin", 200), ("reviewer", 404),
    ("outside_analyst", 404), ("applicant", 404), ("nobody", 404),
])
def test_packet_download_is_for_the_programs_staff_and_board(client, world, meeting, persona, status):
    client.force_login(getattr(world, persona))
    response = client.get(reverse("decisions:meeting_packet", args=[meeting.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert response.content.startswith(b"%PDF")
