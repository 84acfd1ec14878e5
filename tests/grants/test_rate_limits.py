"""Rate limits on sign-in, password reset, sign-up and address confirmation (settings.ACCOUNT_RATE_LIMITS,
counted by django-allauth): refused with 429 and Concerto's French page, each refusal logged on
"concerto.security" with the action and a hash of the key, never the address or a password."""

import logging

import pytest
import time_machine
from django.urls import reverse

from core.security import key_hash
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

WRONG = "pas-le-bon-mot-de-passe"
RIGHT = "secret-pass-123"  # tests.factories.UserFactory
WAIT = "Veuillez patienter quelques minutes avant de réessayer."


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def refusals(caplog):
    return [record for record in caplog.records if record.name == "concerto.security"]


def test_sixth_failed_sign_in_for_one_account_within_five_minutes_is_refused_with_429(client, world, caplog):
    caplog.set_level(logging.WARNING, logger="concerto.security")
    with time_machine.travel("2026-03-02 09:00:00-05:00", tick=False) as clock:
        for _ in range(5):
            response = sign_in(client, world.applicant.email, WRONG)
            assert response.status_code == 200 and "sont incorrects" in response.content.decode()
        assert not refusals(caplog)

        clock.shift(4 * 60)
        refused = sign_in(client, world.applicant.email, WRONG)
        assert refused.status_code == 429
        page = refused.content.decode().replace("&#x27;", "'")
        assert "Trop de tentatives" in page and WAIT in page
        # Even the right password waits: the limit is the account's, whoever guesses.
        assert sign_in(client, world.applicant.email.upper(), RIGHT).status_code == 429
        assert "_auth_user_id" not in client.session
        # Another account from the same address is not blocked by it.
        assert sign_in(client, world.board.email, RIGHT).status_code == 302

        [first, *_] = refusals(caplog)
        assert first.levelno == logging.WARNING
        assert "action=login_failed" in first.getMessage()
        assert f"key={key_hash(world.applicant.email)}" in first.getMessage()
        assert world.applicant.email not in caplog.text and WRONG not in caplog.text and RIGHT not in caplog.text

        clock.shift(5 * 60 + 1)  # the oldest failures are now more than five minutes old
        client.logout()
        assert sign_in(client, world.applicant.email, RIGHT).status_code == 302


def test_password_reset_is_limited_per_address(client, world, caplog):
    caplog.set_level(logging.WARNING, logger="concerto.security")
    url = reverse("account_reset_password")
    for _ in range(5):
        assert client.post(url, {"email": world.applicant.email}).status_code == 302
    refused = client.post(url, {"email": world.applicant.email})
    assert refused.status_code == 429 and WAIT in refused.content.decode().replace("&#x27;", "'")
    assert OutboxMessage.objects.filter(kind="password_reset").count() == 5
    assert client.post(url, {"email": world.board.email}).status_code == 302  # another address
    [record] = refusals(caplog)
    assert "action=reset_password" in record.getMessage()
    assert f"key={key_hash(world.applicant.email)}" in record.getMessage()


def test_sign_up_is_limited_per_network_address(client, world, settings, caplog):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/h/ip"}
    caplog.set_level(logging.WARNING, logger="concerto.security")
    for number in range(3):
        response = client.post(reverse("account_signup"), {
            "email": f"personne{number}@example.org", "full_name": "Personne", "language": "fr",
            "password1": "Solidarite-2026!", "password2": "Solidarite-2026!"})
        assert response.status_code == 302
    refused = client.post(reverse("account_signup"), {
        "email": "quatrieme@example.org", "full_name": "Personne", "language": "fr",
        "password1": "Solidarite-2026!", "password2": "Solidarite-2026!"})
    assert refused.status_code == 429
    [record] = refusals(caplog)
    assert "action=signup" in record.getMessage() and f"key={key_hash('quatrieme@example.org')}" in \
        record.getMessage()


def test_address_confirmation_is_sent_once_per_address_within_three_minutes(client, world, caplog):
    caplog.set_level(logging.WARNING, logger="concerto.security")
    signup = {"email": "nouvelle@example.org", "full_name": "Nadia Ouellet", "language": "fr",
              "password1": "Solidarite-2026!", "password2": "Solidarite-2026!"}
    with time_machine.travel("2026-03-02 09:00:00-05:00", tick=False) as clock:
        client.post(reverse("account_signup"), signup)
        # Signing in with the unconfirmed address asks for a confirmation again: too soon, none is sent
        # (the first link still works), and the skip is logged.
        response = sign_in(client, signup["email"], signup["password1"])
        assert response.url == reverse("account_email_verification_sent")
        assert OutboxMessage.objects.filter(kind="email_confirmation").count() == 1
        [record] = refusals(caplog)
        assert "action=confirm_email" in record.getMessage()
        assert f"key={key_hash(signup['email'])}" in record.getMessage()

        clock.shift(3 * 60 + 1)
        sign_in(client, signup["email"], signup["password1"])
        assert OutboxMessage.objects.filter(kind="email_confirmation").count() == 2


def test_per_ip_limits_count_the_visitor_behind_the_proxy_not_the_proxy(client, world, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/h/ip"}
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 1  # production's default: one reverse proxy

    def sign_up(email, visitor):
        return client.post(reverse("account_signup"), {
            "email": email, "full_name": "Personne", "language": "fr",
            "password1": "Solidarite-2026!", "password2": "Solidarite-2026!"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.9, {visitor}")  # the first address is the visitor's claim

    assert sign_up("une@example.org", "198.51.100.1").status_code == 302
    assert sign_up("deux@example.org", "198.51.100.2").status_code == 302
    assert sign_up("trois@example.org", "198.51.100.1").status_code == 429
