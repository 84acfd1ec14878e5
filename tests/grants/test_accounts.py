"""A person's own account: profile, and django-allauth's sign-up, address confirmation and password reset,
whose mail goes through the outbox (grants.adapters.AccountAdapter)."""

import re
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from grants.models import User
from notifications import sending
from notifications.models import OutboxMessage
from notifications.tasks import send_messages

pytestmark = pytest.mark.django_db

SITE = "http://localhost:8000"  # settings.SITE_URL of the tests
NEW_PASSWORD = "Nouveau-mot-2026!"


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


def test_profile_links_to_the_api_token_page_and_the_account_pages(client, world):
    client.force_login(world.applicant)
    page = client.get(reverse("profile")).content.decode()
    assert "Accès à l&#x27;API" in page or "Accès à l'API" in page
    for name in ("workflow:api_token", "account_change_password", "account_email", "mfa_index"):
        assert f'href="{reverse(name)}"' in page, name
    assert client.get(reverse("workflow:api_token")).status_code == 200


# --- Password reset ------------------------------------------------------------------------------------


def _request_reset(client, email, **extra):
    return client.post(reverse("account_reset_password"), {"email": email}, **extra)


@pytest.mark.parametrize("language, subject, greeting", [
    ("fr", "Concerto : choisir un nouveau mot de passe", "Bonjour Marie Tremblay,"),
    ("en", "Concerto: choose a new password", "Hello Marie Tremblay,"),
])
def test_password_reset_goes_through_the_outbox_in_the_users_language(client, world, language, subject,
                                                                       greeting):
    User.objects.filter(pk=world.applicant.pk).update(language=language, full_name="Marie Tremblay")
    with mock.patch.object(send_messages, "apply_async") as enqueue, \
            TestCase.captureOnCommitCallbacks(execute=True):
        response = _request_reset(client, world.applicant.email.upper())
    assert response.status_code == 302 and response.url == reverse("account_reset_password_done")
    assert not mail.outbox  # nothing sent directly: the outbox task sends it
    [row] = OutboxMessage.objects.all()
    assert (row.kind, row.recipient, row.language, row.to_email) == (
        "password_reset", world.applicant, language, world.applicant.email)
    assert enqueue.call_args.args[0] == ([row.pk],)
    assert sending.deliver(row.pk)
    [message] = mail.outbox
    assert message.subject == subject and greeting in message.body and "3 " in message.body
    link = re.search(rf"{SITE}(/comptes/password/reset/key/\S+)", message.body).group(1)

    form_page = client.get(link, follow=True)  # allauth moves the key into the session, then shows the form
    assert form_page.status_code == 200 and 'name="password1"' in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.url == reverse("account_reset_password_from_key_done")
    assert User.objects.get(pk=world.applicant.pk).check_password(NEW_PASSWORD)
    used = client.get(link, follow=True).content.decode()
    assert "Le lien de réinitialisation du mot de passe est invalide" in used  # single use


def test_reset_link_is_built_on_site_url_even_with_a_forged_host_header(client, world, settings):
    settings.ALLOWED_HOSTS = ["*"]  # a too-permissive deployment: the link must still use SITE_URL
    _request_reset(client, world.applicant.email, HTTP_HOST="evil.example.com")
    [row] = OutboxMessage.objects.all()
    assert row.context["reset_url"].startswith(f"{SITE}/comptes/password/reset/key/")
    assert "evil.example.com" not in str(row.context)


def test_unknown_address_gets_the_same_screen_and_only_a_mail_saying_there_is_no_account(client, world):
    known = _request_reset(client, world.applicant.email)
    OutboxMessage.objects.all().delete()
    unknown = _request_reset(client, "Inconnu@Example.org")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("account_reset_password_done")
    [row] = OutboxMessage.objects.all()
    assert (row.kind, row.recipient, row.to_email) == ("unknown_account", None, "inconnu@example.org")
    assert row.context["signup_url"] == f"{SITE}/comptes/signup/"
    assert "reset_url" not in row.context or "/key/" not in row.context["reset_url"]  # no way into any account
    assert not mail.outbox and not User.objects.filter(email__iexact="inconnu@example.org").exists()


def test_inactive_account_gets_no_mail_at_all(client, world):
    User.objects.filter(pk=world.applicant.pk).update(is_active=False)
    response = _request_reset(client, world.applicant.email)
    assert response.url == reverse("account_reset_password_done")
    assert not OutboxMessage.objects.exists()  # neither a link nor "no account uses this address"


# --- Sign-up and address confirmation ------------------------------------------------------------------

SIGNUP = {"email": "Nouvelle@Example.org", "full_name": "Nadia Ouellet", "language": "en",
          "password1": "Solidarite-2026!", "password2": "Solidarite-2026!"}


def test_sign_up_creates_an_unverified_address_and_queues_its_confirmation(client, world):
    with mock.patch.object(send_messages, "apply_async"), TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    person = User.objects.get(email__iexact="nouvelle@example.org")
    assert (person.full_name, person.language, person.is_active) == ("Nadia Ouellet", "en", True)
    [address] = EmailAddress.objects.filter(user=person)
    assert (address.verified, address.primary) == (False, True)
    [row] = OutboxMessage.objects.all()
    assert (row.kind, row.recipient, row.language) == ("email_confirmation", person, "en")
    assert row.context["activate_url"].startswith(f"{SITE}/comptes/confirm-email/")
    assert "_auth_user_id" not in client.session  # not signed in before the address is proven
    # Signing in before confirming only says "check your inbox".
    login = client.post(reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert login.url == reverse("account_email_verification_sent") and "_auth_user_id" not in client.session


def test_confirming_the_address_signs_the_person_in(client, world):
    client.post(reverse("account_signup"), SIGNUP)
    [row] = OutboxMessage.objects.all()
    path = row.context["activate_url"].removeprefix(SITE)
    page = client.get(path)  # a GET only shows the button: mail scanners that open links confirm nothing
    assert page.status_code == 200 and not EmailAddress.objects.get(email__iexact=SIGNUP["email"]).verified
    response = client.post(path)
    assert response.status_code == 302
    person = User.objects.get(email__iexact=SIGNUP["email"])
    assert EmailAddress.objects.get(user=person).verified
    assert client.session["_auth_user_id"] == str(person.pk)
    assert client.get(reverse("home")).status_code == 200


def test_sign_up_with_an_existing_address_looks_the_same_and_warns_its_owner(client, world):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": world.applicant.email.upper()})
    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact=world.applicant.email).count() == 1
    [row] = OutboxMessage.objects.all()
    assert (row.kind, row.recipient) == ("account_already_exists", world.applicant)


TOO_SHORT = "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères."


@pytest.mark.parametrize("password, messages", [
    ("concerto", [TOO_SHORT]),
    ("Kx7-qPz2!mB", [TOO_SHORT]),  # 11 characters
    ("1q2w3e4r5t6y", ["Ce mot de passe est trop courant."]),  # 12, but on Django's list of common passwords
])
def test_sign_up_refuses_short_and_common_passwords_in_french(client, world, password, messages):
    response = client.post(reverse("account_signup"), {**SIGNUP, "password1": password, "password2": password})
    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "'")
    for message in messages:
        assert message in page
    assert not User.objects.filter(email__iexact=SIGNUP["email"]).exists() and not OutboxMessage.objects.exists()
