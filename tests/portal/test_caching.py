"""Public pages and files are cacheable: Cache-Control, ETag and Last-Modified, 304 on revalidation, no cookie
for an anonymous visitor, and a new ETag once the published data change."""

import pytest

from grants.services import publication

pytestmark = pytest.mark.django_db

PATHS = ["/public/", "/public/parsis-cn/", "/public/donnees/", "/public/donnees/projets.csv",
         "/public/donnees/parsis-cn/projets.json"]


@pytest.mark.parametrize("path", PATHS)
def test_cache_headers(client, portal_world, path):
    response = client.get(path)
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300"}
    assert response["ETag"] and response["Last-Modified"]
    assert {"Accept-Language", "Cookie"} <= {value.strip() for value in response["Vary"].split(",")}
    assert not response.cookies  # neither a session nor a CSRF cookie for an anonymous visitor


@pytest.mark.parametrize("path", PATHS)
def test_a_revalidation_with_the_same_etag_is_a_304(client, portal_world, path):
    etag = client.get(path)["ETag"]
    assert client.get(path, headers={"if-none-match": etag}).status_code == 304


def test_the_etag_follows_the_language_the_filters_and_the_data(client, portal_world, world):
    path = "/public/parsis-cn/"
    etag = client.get(path)["ETag"]
    assert client.get(path + "?lang=en")["ETag"] != etag
    assert client.get(path + "?axe=AXE-1")["ETag"] != etag
    assert client.get(path)["ETag"] == etag
    publication.hold_back(portal_world.funded, world.admin, reason="Sécurité des participantes.")
    changed = client.get(path, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Cuisines collectives" not in changed.content.decode()


def test_the_public_pages_need_no_second_factor(client, portal_world, world, settings):
    settings.CONCERTO_STAFF_MFA_REQUIRED = True
    client.force_login(world.analyst)
    for path in PATHS:
        assert client.get(path).status_code == 200, path
    # The staff page holding back a publication is not public: it waits for the second factor.
    response = client.get(f"/public/gestion/demandes/{portal_world.funded.pk}/publication/")
    assert response.status_code == 302 and "/2fa/" in response.url
