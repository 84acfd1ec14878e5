"""The public portal in Chromium, without signing in: programs, a program's funded projects filtered from the
keyboard, English, a phone's width; axe-core finds no violation and the CSP blocks nothing."""

import re
from datetime import date
from decimal import Decimal

import pytest

from tests import factories
from tests.browser.conftest import Watch
from tests.portal.conftest import funded_project

from .axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def program(db):
    program = factories.ProgramFactory(code="parsis-cn", name_fr="Plan régional de la Côte-Nord",
                                       name_en="Côte-Nord regional plan", envelope=Decimal("100000"))
    call = factories.CallFactory(program=program)
    axis = factories.AxisFactory(program=program, code="AXE-1", name_fr="Conditions de vie",
                                 name_en="Living conditions")
    mrcs = [factories.MrcFactory(parent=program.region, code="mrc-manicouagan", name="Manicouagan"),
            factories.MrcFactory(parent=program.region, code="mrc-sept-rivieres", name="Sept-Rivières")]
    cooking = funded_project(call, title="Cuisines collectives", mrcs=mrcs[:1], axis=axis,
                             public_summary="Des repas partagés pour briser l'isolement.")
    indicator = factories.IndicatorFactory(proposal=cooking, label="Repas servis", target=Decimal("1000"), unit="repas")
    report = factories.ReportFactory(agreement=cooking.agreement, state="accepted", due_on=date(2025, 12, 1),
                                     accepted_at=cooking.updated_at)
    factories.ReportIndicatorResultFactory(report=report, indicator=indicator, actual=Decimal("640"))
    funded_project(call, state="reported", title="Halte-garderie", mrcs=mrcs[1:], axis=axis, amount="20000")
    return program


def test_a_citizen_browses_and_filters_the_funded_projects(live_server, new_page, program):
    page = new_page()
    watch = Watch(page)
    page.goto(f"{live_server.url}/public/")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Plan régional de la Côte-Nord").click()
    page.wait_for_url(re.compile("/public/parsis-cn/$"))
    assert page.locator("article h3").all_inner_texts() == ["Halte-garderie", "Cuisines collectives"]
    assert_no_axe_violations(page)

    # From the keyboard: choose the MRC, then submit the form with Enter.
    page.get_by_label("MRC", exact=True).focus()
    page.keyboard.press("End")  # the last MRC: Sept-Rivières
    page.get_by_role("button", name="Filtrer").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"mrc=mrc-sept-rivieres"))
    assert page.locator("article h3").all_inner_texts() == ["Halte-garderie"]
    assert_no_axe_violations(page)

    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"lang=en"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Côte-Nord regional plan"
    assert "mrc=mrc-sept-rivieres" in page.url  # the filters stay
    assert_no_axe_violations(page)

    page.goto(f"{live_server.url}/public/donnees/")
    assert_no_axe_violations(page)
    watch.check()


def test_the_program_page_fits_a_phone(live_server, browser, program):
    context = browser.new_context(locale="fr-CA", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/public/parsis-cn/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert_no_axe_violations(page)
    context.close()
