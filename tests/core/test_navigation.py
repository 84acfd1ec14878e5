"""The navigation marks the page the person is on: the longest entry address that the path starts with."""

import pytest

from core.navigation import current_entry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("path", "expected"), [
    ("/", "/"),
    ("/analyse/", "/analyse/"),
    ("/analyse/demandes/12/", "/analyse/"),
    ("/analyse/webhooks/3/", "/analyse/webhooks/"),
    ("/evaluation/appels/4/classement/", "/evaluation/appels/"),
    ("/conventions/", "/conventions/"),
    ("/confidentialite/", ""),
])
def test_current_entry_is_the_longest_matching_address(path, expected):
    assert current_entry(path) == expected


def test_the_page_marks_its_entry_once(client, world):
    client.force_login(world.manager)
    html = client.get("/conventions/").content.decode()
    assert html.count('aria-current="page"') == 1
    assert 'href="/conventions/" aria-current="page"' in html
