"""The public pages: only published funded projects, only their public fields, filters, pages, totals."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

from .conftest import SECRET, funded_project

pytestmark = pytest.mark.django_db

PROGRAM = "/public/parsis-cn/"


def titles(response):
    return [record.title for record in response.context["records"]]


def test_the_index_lists_every_program_with_its_published_totals(client, portal_world):
    response = client.get("/public/")
    assert response.status_code == 200
    rows = {program.code: program for program in response.context["programs"]}
    # Funded, reported and closed count; the held-back project (7 000 $) and the others do not.
    assert (rows["parsis-cn"].projects, rows["parsis-cn"].granted) == (3, Decimal("40000"))
    assert (rows["alliance-bsl"].projects, rows["alliance-bsl"].granted) == (1, Decimal("9000"))
    assert "40\xa0000,00\xa0$" in response.content.decode()


def test_a_program_page_shows_its_funded_projects_and_their_public_fields(client, portal_world):
    response = client.get(PROGRAM)
    page = response.content.decode()
    assert titles(response) == ["Transport solidaire", "Halte-garderie", "Cuisines collectives"]
    for text in ("Cuisine amicale", "Des repas partagés pour briser l&#x27;isolement.", "Manicouagan",
                 "Sept-Rivières", "AXE-1 — Conditions de vie", "15\xa0000,00\xa0$", "12 juin 2025", "1 juil. 2025",
                 "30 juin 2026", "Financé", "Rapport final accepté", "Fermé"):
        assert text in page, text
    assert "Épicerie solidaire" not in page  # another program's


def test_no_confidential_text_nor_hidden_project_reaches_the_page(client, portal_world):
    page = client.get(PROGRAM).content.decode()
    # Problem statement, budget line, partner, decision and agreement conditions, report narrative, the
    # held-back project, drafts, submitted, recommended, declined and withdrawn proposals.
    assert SECRET not in page
    for proposal in portal_world.hidden:
        assert proposal.title not in page
    assert "Victimes" not in page


def test_indicators_show_the_latest_accepted_result_only(client, portal_world):
    response = client.get(PROGRAM)
    record = next(record for record in response.context["records"] if record.title == "Cuisines collectives")
    (indicator,) = record.indicators
    assert (indicator.label, indicator.target, indicator.actual) == ("Repas servis", Decimal("1000"), Decimal("640"))
    assert "987" not in response.content.decode()  # the report filed later is not accepted yet


@pytest.mark.parametrize("query, expected", [
    ("mrc=mrc-sept-rivieres", ["Cuisines collectives"]),
    ("mrc=mrc-manicouagan", ["Halte-garderie", "Cuisines collectives"]),
    ("axe=AXE-2", ["Halte-garderie"]),
    ("annee=2024", ["Halte-garderie"]),
    ("annee=2025&etat=closed", ["Transport solidaire"]),
    ("etat=reported", ["Halte-garderie"]),
    ("mrc=mrc-manicouagan&axe=AXE-1", ["Cuisines collectives"]),
])
def test_filters(client, portal_world, query, expected):
    response = client.get(f"{PROGRAM}?{query}")
    assert titles(response) == expected
    assert response.context["matching"] == len(expected)


def test_values_the_filters_do_not_offer_are_ignored(client, portal_world):
    response = client.get(f"{PROGRAM}?mrc=inconnue&axe=<script>&annee=deux&etat=draft&apres=x")
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_pages_follow_the_primary_key(client, portal_world):
    call = portal_world.funded.call
    for number in range(30):
        factories.ProposalFactory(call=call, state="funded", amount_granted=Decimal("100"), title=f"Lot {number:02d}")
    first = client.get(PROGRAM)
    assert len(first.context["records"]) == 25 and first.context["following"]
    second = client.get(f"{PROGRAM}?apres={first.context['following']}")
    seen = titles(first) + titles(second)
    assert len(seen) == 33 and len(set(seen)) == 33
    assert second.context["following"] is None
    assert 'href="/public/parsis-cn/"' in second.content.decode()  # back to the first page


def test_totals_equal_independent_sums(client, portal_world):
    summary = client.get(PROGRAM).context["summary"]
    # Written from the world: funded 15 000 $ (both MRCs, AXE-1), reported 20 000 $ (Manicouagan, AXE-2),
    # closed 5 000 $ (no MRC, no axis); the held-back 7 000 $ is left out.
    assert (summary.envelope, summary.projects, summary.granted) == (Decimal("100000"), 3, Decimal("40000"))
    assert summary.percent == Decimal("40")
    by_mrc = {line.code: (line.projects, line.granted) for line in summary.by_mrc}
    assert by_mrc == {"mrc-manicouagan": (2, Decimal("35000")), "mrc-sept-rivieres": (1, Decimal("15000"))}
    assert (summary.without_mrc.projects, summary.without_mrc.granted) == (1, Decimal("5000"))
    by_axis = {line.code: (line.projects, line.granted) for line in summary.by_axis}
    assert by_axis == {"AXE-1": (1, Decimal("15000")), "AXE-2": (1, Decimal("20000"))}
    assert (summary.without_axis.projects, summary.without_axis.granted) == (1, Decimal("5000"))


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/public/", PROGRAM, f"{PROGRAM}?mrc=mrc-manicouagan&annee=2025"])
def test_the_number_of_queries_does_not_grow_with_projects(client, portal_world, path):
    before = _queries(client, path)
    call = portal_world.funded.call
    for number in range(12):
        project = funded_project(call, title=f"Projet {number}", mrcs=portal_world.mrcs,
                                 axis=portal_world.axes[number % 2])
        indicator = factories.IndicatorFactory(proposal=project)
        report = factories.ReportFactory(agreement=project.agreement, state="accepted", accepted_at=project.updated_at)
        factories.ReportIndicatorResultFactory(report=report, indicator=indicator)
    assert _queries(client, path) == before


def test_an_unknown_program_is_a_404(client, portal_world):
    assert client.get("/public/inconnu/").status_code == 404


def test_english_through_the_address_or_the_browser(client, portal_world):
    response = client.get(f"{PROGRAM}?lang=en")
    page = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in page
    assert "Côte-Nord plan" in page and "AXE-1 — Living conditions" in page
    assert "$15,000.00" in page
    # The filters keep the language; the switch offers French with the same filters.
    assert '<input type="hidden" name="lang" value="en">' in page
    assert 'href="/public/parsis-cn/?lang=fr"' in page
    browser = client.get(PROGRAM, headers={"accept-language": "en-CA,en;q=0.8"})
    assert browser["Content-Language"] == "en" and "Côte-Nord plan" in browser.content.decode()
    assert client.get(PROGRAM)["Content-Language"] == "fr"
