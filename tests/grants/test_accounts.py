import re
from unittest import mock

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from grants.models import User
from notifications import sending
from notifications.models import OutboxMessage
from notifications.tasks import send_message

pytestmark = pytest.mark.django_db


def test_profile_saves_name_and_language_and_switches_the_interface(client, world):
    client.force_login(world.applicant)
    response = client.post(reverse("profile"), {"full_name": "Marie-Ève Côté", "language": "en"})
    assert response.status_code == 302
    person = User.objects.get(pk=world.applicant.pk)
    assert (person.full_name, person.language) == ("Marie-Ève Côté", "en")
    assert response.cookies["django_language"].value == "en"
    assert client.get(reverse("profile")).wsgi_request.LANGUAGE_CODE == "en"


def test_profile_refuses_an_unknown_language(client, world):
    client.force_login(world.applicant)
    response = client.post(reverse("profile"), {"full_name": "X", "language": "de"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert User.objects.get(pk=world.applicant.pk).language == "fr"


def _request_reset(client, email):
    return client.post(reverse("password_reset"), {"email": email})


@pytest.mark.parametrize("language, subject, greeting", [
    ("fr", "Concerto : choisir un nouveau mot de passe", "Bonjour Marie Tremblay,"),
    ("en", "Concerto: choose a new password", "Hello Marie Tremblay,"),
])
def test_password_reset_goes_through_the_outbox_in_the_users_language(client, world, language, subject,
                                                                       greeting):
    User.objects.filter(pk=world.applicant.pk).update(language=language, full_name="Marie Tremblay")
    with mock.patch.object(send_message, "apply_async") as enqueue, \
            TestCase.captureOnCommitCallbacks(execute=True):
        response = _request_reset(client, world.applicant.email.upper())
    assert response.url == reverse("password_reset_done")
    assert not mail.outbox  # nothing sent directly: the outbox task sends it
    [row] = OutboxMessage.objects.all()
    assert (row.kind, row.recipient, row.language, row.to_email) == (
        "password_reset", world.applicant, language, world.applicant.email)
    assert enqueue.call_args.args[0] == (row.pk,)
    assert sending.deliver(row.pk)
    [message] = mail.outbox
    assert message.subject == subject and greeting in message.body and "3 " in message.body
    link = re.search(r"http://localhost:8000(/comptes/reset/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": "Nouveau-mot-2026!",
                                                         "new_password2": "Nouveau-mot-2026!"})
    assert done.url == reverse("password_reset_complete")
    assert User.objects.get(pk=world.applicant.pk).check_password("Nouveau-mot-2026!")
    assert "Ce lien n" in client.get(link, follow=True).content.decode()  # single use


def test_reset_link_ignores_a_forged_host_header(client, world, settings):
    settings.ALLOWED_HOSTS = ["*"]  # a too-permissive deployment: the link must still use SITE_URL
    client.post(reverse("password_reset"), {"email": world.applicant.email}, HTTP_HOST="evil.example.com")
    [row] = OutboxMessage.objects.all()
    assert row.context["reset_url"].startswith("http://localhost:8000/comptes/reset/")


def test_unknown_email_gets_the_same_answer_and_no_mail(client, world):
    known = _request_reset(client, world.applicant.email)
    unknown = _request_reset(client, "inconnu@example.org")
    assert known.url == unknown.url == reverse("password_reset_done")
    assert OutboxMessage.objects.count() == 1 and not mail.outbox
    page = client.get(unknown.url).content.decode()
    assert "Si un compte existe pour cette adresse" in page


def test_inactive_account_gets_no_reset_mail(client, world):
    User.objects.filter(pk=world.applicant.pk).update(is_active=False)
    assert _request_reset(client, world.applicant.email).url == reverse("password_reset_done")
    assert not OutboxMessage.objects.exists()


def test_profile_links_to_the_api_token_page(client, world):
    client.force_login(world.applicant)
    page = client.get(reverse("profile")).content.decode()
    assert "Accès à l&#x27;API" in page or "Accès à l'API" in page
    assert f'href="{reverse("workflow:api_token")}"' in page
    assert client.get(reverse("workflow:api_token")).status_code == 200
