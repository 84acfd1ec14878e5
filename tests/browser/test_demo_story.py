"""The demo's story in Chromium: each demo login lands, on a phone, on a dashboard that leads to a page with work
to do, reaches the rest of the navigation through the "Menu" button, and axe-core finds no violation there at 390
and 1280 px."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from grants.demo import DEMO_PASSWORD
from scoring.models import BoardMeeting
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import login
from tests.workflow.test_demo import LOGINS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


def work_pages():
    """(login, page, what shows the work to do on it)."""
    meeting = BoardMeeting.objects.get()
    return [
        ("applicant", reverse("home"), "section[aria-labelledby='reports-title'] tbody tr"),
        ("applicant2", reverse("home"), "section[aria-labelledby='reports-title'] .badge-overdue"),
        ("analyst", reverse("workflow:queue"), "main table tbody tr"),
        ("reviewer", reverse("scoring:my_reviews"), "main table tbody tr"),
        ("reviewer2", reverse("scoring:my_reviews"), "main table tbody tr"),
        ("board", reverse("decisions:meeting_detail", args=[meeting.pk]), "main form select, main form input[type=radio]"),
        ("manager", reverse("agreement_list"), "main table tbody tr"),
        ("admin", reverse("notifications:outbox"), "main table tbody tr"),
    ]


def test_each_demo_login_lands_on_work_to_do_on_a_phone(browser, live_server):
    call_command("seed_demo", stdout=StringIO())
    for role, path, work in work_pages():
        context = browser.new_context(locale="fr-CA", viewport=PHONE)
        try:
            page = context.new_page()
            page.set_default_timeout(15000)
            login(page, live_server, LOGINS[role], password=DEMO_PASSWORD)
            assert page.url == f"{live_server.url}/", role  # signed in, on the dashboard, which leads to the work
            assert page.locator(f'main a[href^="{path}"]').count() > 0 or path == "/", role
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, role
            assert page.locator(work).count() > 0, f"{role}: nothing to do on {path}"
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, role
            assert_no_axe_violations(page)
            toggle = page.get_by_role("button", name="Menu")
            toggle.click()
            expect(toggle).to_have_attribute("aria-expanded", "true")
            expect(page.get_by_role("navigation", name="Navigation principale").get_by_role("link").first).to_be_visible()
            page.set_viewport_size(LAPTOP)
            assert_no_axe_violations(page)
        finally:
            context.close()
