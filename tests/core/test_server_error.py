"""A server error answers Concerto's own page, in the person's language, without reading the database
(which may be the very thing that failed), and never shows the error itself."""

import pytest
from django.test import Client
from django.urls import path

pytestmark = pytest.mark.django_db


def raise_an_error(request):
    raise RuntimeError("boom")


urlpatterns = [path("panne/", raise_an_error)]


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
