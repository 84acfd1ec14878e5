"""An analyst, who must sign in with a second factor, sets up an authenticator app in Chromium and then
signs in with it. The codes are computed here from the secret the page shows (RFC 6238, tests/totp.py).
Every page of the way runs under the Content-Security-Policy without a violation or a console message."""

import re

import pytest
from allauth.mfa.models import Authenticator

from tests.browser.conftest import Watch, confirm_password, login
from tests.totp import fresh_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_enrols_an_authenticator_app_then_signs_in_with_it(live_server, new_page, world, settings):
    settings.CONCERTO_STAFF_MFA_REQUIRED = True  # the live server runs in this process: it sees it
    page = new_page()
    watch = Watch(page)  # allauth's second-factor pages also run under the CSP, without console noise
    login(page, live_server, world.analyst.email)

    # Sent to set up a second factor instead of reaching the queue (after entering the password again,
    # as allauth asks before any change to second factors).
    page.goto(f"{live_server.url}/analyse/")
    confirm_password(page)
    page.wait_for_url(re.compile(r"/comptes/2fa/totp/activate/$"))
    assert page.get_by_role("heading", name="File d'analyse").count() == 0
    assert page.locator("main img[src^='data:image/svg+xml']").is_visible()  # the QR code

    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret)
    page.locator('main [name="code"]').fill("000000" if fresh_totp(secret) != "000000" else "111111")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "/comptes/2fa/totp/activate/" in page.url and not Authenticator.objects.filter(user=world.analyst).exists()

    page.locator('main [name="code"]').fill(fresh_totp(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/comptes/2fa/recovery-codes/$"))  # recovery codes, shown once made
    assert set(Authenticator.objects.filter(user=world.analyst).values_list("type", flat=True)) == {
        "totp", "recovery_codes"}

    page.goto(f"{live_server.url}/analyse/")
    assert page.get_by_role("heading", name=re.compile("File d'analyse")).is_visible()

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Se connecter").is_visible()

    # Signing in again: the password, then a code from the app.
    page.goto(f"{live_server.url}/analyse/")
    page.wait_for_url(re.compile(r"/comptes/login/\?next="))
    page.get_by_label("Courriel").fill(world.analyst.email)
    page.get_by_label("Mot de passe").fill("secret-pass-123")
    page.locator("main").get_by_role("button", name="Connexion").click()
    page.wait_for_url(re.compile(r"/comptes/2fa/authenticate/"))
    page.locator('main [name="code"]').fill(fresh_totp(secret))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/analyse/$"))
    assert page.get_by_role("heading", name=re.compile("File d'analyse")).is_visible()
    watch.check()
