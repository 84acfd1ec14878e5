"""The program dashboard in Chromium: reached from the navigation, filtered, free of axe-core violations,
readable on a phone and in forced colours (Windows high contrast)."""

import pytest

from tests import factories
from tests.reporting.test_dashboard import YEAR, fill

from .axe import assert_no_axe_violations
from .conftest import Watch, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def figures(world):
    program = world.program
    axes = [factories.AxisFactory(program=program, name_fr="Sécurité alimentaire"), None]
    mrcs = [factories.MrcFactory(parent=program.region, name="Manicouagan")]
    fill(world, program, [world.call], 14, axes=axes, mrcs=mrcs)


def test_a_manager_reads_and_filters_the_dashboard(live_server, new_page, world, figures):
    page = new_page()
    watch = Watch(page)
    login(page, live_server, world.manager.email)
    page.get_by_role("link", name="Tableau de bord du programme").click()
    page.get_by_role("heading", level=1, name=f"Tableau de bord du programme — {world.program.name_fr}").wait_for()
    assert page.locator("svg[role=img]").count() == 9
    page.get_by_role("img", name="Enveloppe par MRC").wait_for()
    page.get_by_role("table", name="Données du graphique « Enveloppe par MRC »").get_by_role(
        "rowheader", name="Manicouagan").wait_for()
    assert_no_axe_violations(page)

    page.get_by_label("Année").select_option(str(YEAR))
    page.get_by_role("button", name="Afficher").click()
    page.get_by_text(f"Année {YEAR}.").wait_for()
    months = page.get_by_role("table", name="Données du graphique « Demandes dans chaque état à la fin du mois »")
    assert months.locator("tbody tr").count() == 12
    months.get_by_role("rowheader", name=f"janvier {YEAR}").wait_for()
    assert_no_axe_violations(page)
    watch.check()


def test_the_dashboard_fits_a_phone_and_keeps_its_patterns_in_forced_colours(live_server, browser, world, figures):
    context = browser.new_context(locale="fr-CA", viewport={"width": 360, "height": 740}, forced_colors="active")
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        login(page, live_server, world.analyst.email)
        page.goto(f"{live_server.url}/rapports-et-exportations/tableau-de-bord/")
        page.get_by_role("img", name="Rapports par état").wait_for()
        # Nothing wider than the screen: the charts scale, the tables scroll inside their own box.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        chart = page.locator("svg[role=img]").first
        assert chart.bounding_box()["width"] <= 360
        # System colours replace the palette; the hatching stays, drawn in the text colour.
        colours = page.evaluate("""() => {
            const fill = getComputedStyle(document.querySelector('pattern rect.chart-c1')).fill;
            const ink = getComputedStyle(document.querySelector('pattern .chart-ink')).stroke;
            const text = getComputedStyle(document.querySelector('svg.chart')).color;
            return {fill, ink, text};
        }""")
        assert colours["fill"] != "rgb(179, 84, 30)"
        assert colours["ink"] == colours["text"]
        assert_no_axe_violations(page)
    finally:
        context.close()
