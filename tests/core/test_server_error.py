"""A server error answers Concerto's own page, in the person's language, without reading the database
(which may be the very thing that failed), and never shows the error itself."""

import pytest
from django.test import Client
from django.urls import path

from config import urls as config_urls

pytestmark = pytest.mark.django_db


def raise_an_error(request):
    raise RuntimeError("boom")


urlpatterns = [path("panne/", raise_an_error), path("api/v1/panne/", raise_an_error)]
handler500 = config_urls.handler500  # the site's own


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("language", "shown"), [("fr", "Une erreur est survenue"), ("en", "An error occurred")])
def test_a_server_error_answers_a_page_in_the_person_s_language_without_the_database(language, shown,
                                                                                    django_assert_num_queries):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    with django_assert_num_queries(0):
        response = client.get("/panne/")
    assert response.status_code == 500
    page = response.content.decode()
    assert shown in page and f'<html lang="{language}">' in page and "boom" not in page


@pytest.mark.urls(__name__)
def test_a_server_error_in_the_api_answers_the_api_s_error_format_in_french(django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/api/v1/panne/")
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    assert response.json() == {"code": "server_error", "details": {},
                               "message": "Une erreur est survenue : la demande n'a pas pu être traitée. "
                                          "Réessayez dans quelques minutes."}
