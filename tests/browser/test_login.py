import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_person_logs_in_and_reaches_the_dashboard(live_server, new_page, world):
    page = new_page()
    login(page, live_server, world.applicant.email)
    assert page.get_by_role("heading", name="Tableau de bord").is_visible()
    assert "/comptes/login/" not in page.url
