"""Every main page works under the Content-Security-Policy: Chromium reports no violation and logs
nothing in the console, for an applicant (home, each step of the form, htmx rows), an analyst (queue and
its htmx filters and sorting, the staff page, second-factor pages, API docs) and an admin (the admin)."""

import re

import pytest

from grants.forms.steps import STEPS
from tests import factories
from tests.browser.conftest import Watch, confirm_password, login
from tests.workflow.helpers import fill_completely

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def settle(page):
    page.wait_for_load_state("networkidle")


@pytest.fixture
def watched(new_page):
    watches = []

    def open_page():
        page = new_page()
        watches.append(Watch(page))
        return page, watches[-1]

    return open_page


def test_applicant_pages_run_under_the_policy(live_server, watched, world):
    draft = factories.ProposalFactory(call=world.call, organisation=world.organisation, created_by=world.applicant,
                                      title="Cuisines collectives du quartier")
    page, watch = watched()
    login(page, live_server, world.applicant.email)
    page.goto(f"{live_server.url}/")
    settle(page)
    for step in STEPS:
        page.goto(f"{live_server.url}/demandes/{draft.pk}/etapes/{step.slug}/")
        settle(page)
    page.goto(f"{live_server.url}/demandes/{draft.pk}/etapes/partenaires/")
    page.get_by_role("button", name="Ajouter une ligne").click()  # htmx swaps the formset in
    page.locator('[name="partners-1-name"]').wait_for()
    settle(page)
    page.goto(f"{live_server.url}/comptes/profil/")
    page.goto(f"{live_server.url}/comptes/2fa/")
    settle(page)
    watch.check()


def test_analyst_pages_run_under_the_policy(live_server, watched, world):
    world.call.required_attachment_types.add(factories.AttachmentTypeFactory(code="board-resolution"))
    for number in range(3):
        proposal = fill_completely(
            factories.ProposalFactory(call=world.call, organisation=world.organisation, state="submitted",
                                      title=f"Projet {number}"), world.program)
    page, watch = watched()
    login(page, live_server, world.analyst.email)

    page.goto(f"{live_server.url}/analyse/")
    settle(page)
    with page.expect_response(re.compile(r"/analyse/\?.*state=submitted")):
        page.get_by_role("combobox", name="État").select_option("submitted")  # htmx: a filter change swaps the results in
    page.wait_for_url(re.compile(r"state=submitted"))  # htmx pushed the filtered address
    settle(page)
    with page.expect_response(re.compile(r"/analyse/\?")):
        page.locator("#queue-results th a").first.click()  # htmx: sorting swaps the results in
    settle(page)

    page.goto(f"{live_server.url}/analyse/demandes/{proposal.pk}/")
    settle(page)
    # Second factors: the activation page (its QR code is a data: image) and a passkey's (allauth's
    # scripts, JSON data blocks), after entering the password again.
    page.goto(f"{live_server.url}/comptes/2fa/totp/activate/")
    confirm_password(page)
    assert page.locator("img[src^='data:image/svg+xml']").count() == 1
    page.goto(f"{live_server.url}/comptes/2fa/webauthn/add/")
    settle(page)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.locator(".swagger-ui .info").wait_for()  # Swagger UI started: its script came from a file
    settle(page)
    watch.check()


def test_admin_pages_run_under_the_policy(live_server, watched, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, state="submitted")
    page, watch = watched()
    login(page, live_server, world.admin.email)
    for path in ("/admin/", "/admin/grants/proposal/", f"/admin/grants/proposal/{proposal.pk}/change/",
                 "/admin/notifications/outboxmessage/"):
        page.goto(f"{live_server.url}{path}")
        settle(page)
    watch.check()
