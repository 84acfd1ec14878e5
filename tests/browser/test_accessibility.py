"""axe-core (WCAG 2.1 AA) on the pages everyone meets first and on the token page; the portal and the
dashboard have their own browser tests calling the same check."""

import pytest

from .axe import assert_no_axe_violations, violations
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_axe_finds_a_violation_it_is_shown(new_page, live_server, world):
    page = new_page()
    page.goto(f"{live_server.url}/comptes/login/")
    # An image without text alternative: the check must see it, or a clean result would mean nothing.
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')")
    assert any(line.startswith("image-alt") for line in violations(page))


@pytest.mark.parametrize("path", ["/comptes/login/", "/comptes/signup/", "/confidentialite/"])
def test_public_account_pages_have_no_violation(new_page, live_server, world, path):
    page = new_page()
    page.goto(f"{live_server.url}{path}")
    assert_no_axe_violations(page)


def test_signed_in_home_and_token_page_have_no_violation(new_page, live_server, world):
    page = new_page()
    login(page, live_server, world.applicant.email)
    for path in ("/", "/analyse/api-jeton/"):
        page.goto(f"{live_server.url}{path}")
        assert_no_axe_violations(page)
