"""Printable files: the real-size application (34 partners, 9 indicators, 4,700 characters of text with
accents and line breaks) renders every section, text extracted with pypdf and compared; a report; the
reader's language; who may print them, and the access log."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.models import AccessLog
from tests import factories
from tests.scoring.reviewing import put_in_state

PARAGRAPH = ("Les familles monoparentales de la Côte-Nord vivent un isolement croissant : "
             "hausse de 12 % des demandes d'aide alimentaire, écoles où « l'épicerie du vendredi » "
             "est devenue essentielle, aînées sans transport vers Baie-Comeau. Ça change tout, "
             "dit-on à Forestville ; là où l'été s'achève tôt, l'hiver coûte cher en énergie.")
SECTIONS_FR = ("Projet et organisme", "Mission de l'organisme porteur", "Territoire et population",
               "MRC ciblées", "Municipalités ciblées", "Précisions sur le territoire ciblé", "Population ciblée",
               "Objectifs et résultats", "Objectifs", "Identification de la problématique (constats)",
               "Impacts recherchés / résultats attendus", "Complémentarité des actions", "Axes et priorités",
               "Axe principal", "Axes secondaires", "Priorités du plan d'action local touchées",
               "Indicateurs de résultats et cibles", "Impact différencié sur les femmes et les hommes (ADS+)",
               "Partenaires impliqués", "Budget et financement", "Autres sources de financement", "Échéancier",
               "Pièces jointes")


def long_text():
    """4,700 characters: fifteen numbered paragraphs with accents, separated by line breaks (the last one cut
    short where the 4,700 characters end)."""
    text = "\n".join(f"{number}. {PARAGRAPH}" for number in range(1, 16))[:4700]
    assert len(text) == 4700 and text.count("\n") == 14
    return text


def plain(text):
    # Québec amounts use (narrow) non-breaking spaces; compare them as plain spaces.
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def pdf_text(content):
    """Every page's text without its footer line (running title, "Page n / m"), whitespace collapsed."""
    reader = PdfReader(io.BytesIO(content))
    lines = [line for page in reader.pages for line in plain(page.extract_text()).splitlines()
             if not re.search(r"Page \d+ / \d+$", line.strip())]
    return reader, " ".join(" ".join(lines).split())


def words(text):
    return " ".join(plain(text).split())


@pytest.fixture
def application(world):
    """A real-size application, under analysis in the world's program."""
    axis = factories.AxisFactory(program=world.program, name_fr="Axe 1 : sécurité alimentaire",
                                 name_en="Axis 1: food security")
    second = factories.AxisFactory(program=world.program, name_fr="Axe 3 : participation sociale")
    plan = factories.LocalPlanFactory()
    priority = factories.PriorityFactory(local_plan=plan, text="Améliorer l'accès à une alimentation saine")
    text = long_text()
    proposal = factories.ProposalFactory(
        call=world.call, organisation=world.organisation, title="Cuisines collectives de la Haute-Côte-Nord",
        reference="FQIS-2025-042", primary_axis=axis, objectives=text, problem_statement=f"Constats : {PARAGRAPH}",
        mission="Offrir des repas et de l'entraide.", requested_amount=Decimal("48750.25"),
        expected_women=212, expected_men=97, expected_other=6, gender_impact="Horaires adaptés aux mères.",
        start_date=date(2025, 9, 1), end_date=date(2027, 3, 31), submitted_at=timezone.now())
    proposal.secondary_axes.add(second)
    proposal.priorities.add(priority)
    proposal.mrcs.add(factories.MrcFactory(name="La Haute-Côte-Nord"))
    proposal.municipalities.add(factories.MunicipalityFactory(name="Les Escoumins"))
    for number in range(1, 35):
        factories.PartnerFactory(proposal=proposal, name=f"Partenaire numéro {number:02d}",
                                 role=f"Rôle du partenaire {number:02d}", cash_contribution=Decimal("100"),
                                 in_kind_contribution=Decimal("50"))
    for number in range(1, 10):
        factories.IndicatorFactory(proposal=proposal, label=f"Indicateur numéro {number}", target=Decimal(number * 10),
                                   unit="personnes")
    factories.BudgetLineFactory(proposal=proposal, description="Coordination du projet", total_amount=Decimal("60000"),
                                fund_amount=Decimal("48750.25"))
    factories.CoFundingFactory(proposal=proposal, source="Centraide Haute-Côte-Nord", amount=Decimal("8000"))
    factories.AttachmentFactory(proposal=proposal, original_name="Résolution du CA 2025-03.pdf")
    factories.AttachmentFactory(proposal=proposal, original_name="Lettre d'appui de la MRC.pdf")
    return put_in_state(proposal, "under_analysis")


def download(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    return response


def test_the_real_size_application_renders_every_section(client, world, application):
    url = reverse("reporting:proposal_pdf", args=[application.pk])
    response = download(client, world.analyst, url)
    assert response["Content-Disposition"].startswith('inline; filename="demande-fqis-2025-042-')
    assert "no-store" in response["Cache-Control"]
    title = "Demande — Cuisines collectives de la Haute-Côte-Nord"
    reader, text = pdf_text(response.content)
    assert reader.metadata.title == title
    assert str(reader.trailer["/Root"]["/Lang"]) == "fr-CA"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged: headings and tables
    for heading in SECTIONS_FR:
        assert heading in text, heading
    # The long text, whole and in order, accents and all, across its pages.
    assert words(long_text()) in text
    assert words(f"Constats : {PARAGRAPH}") in text
    for number in range(1, 35):
        assert f"Partenaire numéro {number:02d}" in text and f"Rôle du partenaire {number:02d}" in text
    assert text.count("Partenaire numéro") == 34
    for number in range(1, 10):
        assert f"Indicateur numéro {number} {number * 10} personnes" in text
    assert "34 partenaires" in text and "9 indicateurs" in text
    assert "3 400,00 $ 1 700,00 $" in text  # the partners' total contributions
    assert "48 750,25 $" in text and "Centraide Haute-Côte-Nord" in text
    assert "Axe 1 : sécurité alimentaire" in text and "Axe 3 : participation sociale" in text
    assert "Améliorer l'accès à une alimentation saine" in text
    assert "La Haute-Côte-Nord" in text and "Les Escoumins" in text
    assert "Femmes 212" in text and "Hommes 97" in text and "Autres identités 6" in text
    assert "1 sept. 2025" in text and "31 mars 2027" in text
    assert "Résolution du CA 2025-03.pdf" in text and "Lettre d'appui de la MRC.pdf" in text
    assert len(reader.pages) >= 3


def test_the_line_breaks_of_the_text_are_kept(client, world, application):
    response = download(client, world.analyst, reverse("reporting:proposal_pdf", args=[application.pk]))
    lines = [plain(line).strip() for page in PdfReader(io.BytesIO(response.content)).pages
             for line in page.extract_text().splitlines()]
    starts = [line for line in lines if re.match(r"\d+\. Les familles monoparentales", line)]
    assert [int(line.split(".")[0]) for line in starts] == list(range(1, 16))


def test_the_application_prints_in_english_for_an_english_reader(client, world, application):
    world.analyst.language = "en"
    world.analyst.save(update_fields=["language"])
    response = download(client, world.analyst, reverse("reporting:proposal_pdf", args=[application.pk]))
    reader, text = pdf_text(response.content)
    assert str(reader.trailer["/Root"]["/Lang"]) == "en-CA"
    assert "$48,750.25" in text and "48 750,25 $" not in text
    assert "Sept. 1, 2025" in text and "sept." not in text
    assert "Axis 1: food security" in text


def test_printing_the_application_is_logged_like_its_page(client, world, application):
    download(client, world.manager, reverse("reporting:proposal_pdf", args=[application.pk]))
    entry = AccessLog.objects.get()
    assert (entry.user, entry.object_id, entry.program_id, entry.what) == (
        world.manager, application.pk, world.program.pk, "proposal")


@pytest.mark.parametrize("persona, status", [
    ("applicant", 200), ("analyst", 200), ("manager", 200), ("admin", 200), ("board", 404), ("reviewer", 404),
    ("outside_analyst", 404), ("other_applicant", 404), ("nobody", 404),
])
def test_the_application_pdf_is_for_whoever_sees_its_page(client, world, application, persona, status):
    factories.ReviewerAssignmentFactory(proposal=application, reviewer=world.reviewer, state="active")
    client.force_login(getattr(world, persona))
    assert client.get(reverse("reporting:proposal_pdf", args=[application.pk])).status_code == status
    assert AccessLog.objects.count() == (1 if status == 200 else 0)


@pytest.fixture
def report(world, application):
    proposal = put_in_state(application, "funded")
    agreement = factories.AgreementFactory(proposal=proposal, amount_granted=Decimal("45000"))
    report = factories.ReportFactory(agreement=agreement, kind="final", order=1, state="submitted",
                                     submitted_at=timezone.now(), submitted_by=world.applicant,
                                     narrative=f"Bilan : {PARAGRAPH}", objectives_progress="Objectifs atteints à 80 %.",
                                     participants_women=180, participants_men=75, participants_other=4)
    for indicator in proposal.indicators.all()[:2]:
        factories.ReportIndicatorResultFactory(report=report, indicator=indicator, actual=indicator.target + 5,
                                               comment=f"Commentaire sur {indicator.label}")
    factories.ReportSpendingFactory(report=report, budget_line=proposal.budget_lines.get(), spent=Decimal("41000.5"))
    factories.ReportAttachmentFactory(report=report, original_name="États financiers 2026.pdf")
    return report


def test_a_report_prints_its_narrative_indicators_spending_and_documents(client, world, report):
    response = download(client, world.board, reverse("reporting:report_pdf", args=[report.pk]))
    reader, text = pdf_text(response.content)
    assert reader.metadata.title == "Rapport final — Cuisines collectives de la Haute-Côte-Nord"
    assert words(f"Bilan : {PARAGRAPH}") in text and "Objectifs atteints à 80 %." in text
    assert "Femmes 180" in text and "Hommes 75" in text
    assert "Indicateur numéro 1 personnes 10 15 Commentaire sur Indicateur numéro 1" in text
    assert "Indicateur numéro 9 personnes 90 —" in text  # no result yet
    assert "Coordination du projet 48 750,25 $ 41 000,50 $" in text
    assert "États financiers 2026.pdf" in text
    entry = AccessLog.objects.get()
    assert (entry.user, entry.object_id, entry.what) == (world.board, report.pk, "report")


@pytest.mark.parametrize("persona, status", [
    ("applicant", 200), ("analyst", 200), ("board", 200), ("manager", 200), ("admin", 200), ("reviewer", 404),
    ("outside_analyst", 404), ("other_applicant", 404), ("nobody", 404),
])
def test_the_report_pdf_is_for_whoever_sees_the_report(client, world, report, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("reporting:report_pdf", args=[report.pk])).status_code == status


def test_the_applicant_and_staff_pages_link_to_the_printable_version(client, world, application):
    pdf_url = reverse("reporting:proposal_pdf", args=[application.pk])
    client.force_login(world.applicant)
    assert f'href="{pdf_url}"' in client.get(reverse("proposal_detail", args=[application.pk])).content.decode()
    client.force_login(world.analyst)
    page = client.get(reverse("workflow:detail", args=[application.pk]))
    assert page.status_code == 200 and f'href="{pdf_url}"' in page.content.decode()
