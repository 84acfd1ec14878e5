"""Sign-in security of every page (core.middleware): the second factor required of staff and admins, the
shorter staff sessions, the Content-Security-Policy and Permissions-Policy headers, and templates that
need no inline script or style."""

import re
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from tests.totp import fresh_totp

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SECRET = "JBSWY3DPEHPK3PXP"
PASSWORD = "secret-pass-123"  # tests.factories.UserFactory
QUEUE = "/analyse/"
SETUP = "/comptes/2fa/totp/activate/"


@pytest.fixture
def mfa_required(settings):
    settings.CONCERTO_STAFF_MFA_REQUIRED = True


def signed_in(client, user):
    client.force_login(user)
    return client


# --- Second factor ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["analyst", "board", "manager", "admin"])
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, world, mfa_required, persona):
    response = signed_in(client, getattr(world, persona)).get(reverse("home"))
    assert response.status_code == 302 and response.url == SETUP


@pytest.mark.parametrize("persona", ["applicant", "reviewer", "nobody"])
def test_applicants_and_reviewers_are_not_asked_for_one(client, world, mfa_required, persona):
    assert signed_in(client, getattr(world, persona)).get(reverse("home")).status_code == 200


def test_the_requirement_can_be_turned_off(client, world, settings):
    settings.CONCERTO_STAFF_MFA_REQUIRED = False
    assert signed_in(client, world.analyst).get(QUEUE).status_code == 200


@pytest.mark.parametrize("kind, passes", [("totp", True), ("webauthn", True), ("recovery_codes", False)])
def test_an_authenticator_app_or_a_passkey_lets_staff_in(client, world, mfa_required, kind, passes):
    Authenticator.objects.create(user=world.analyst, type=kind, data={})
    status = signed_in(client, world.analyst).get(QUEUE).status_code
    assert status == (200 if passes else 302)


def test_account_pages_sign_out_language_and_public_pages_stay_open(client, world, mfa_required):
    signed_in(client, world.analyst)
    for path in ("/comptes/2fa/", "/comptes/email/", "/comptes/password/change/", "/comptes/logout/",
                 "/jsi18n/", "/api/v1/docs/", "/api/v1/schema/", "/static/css/concerto.css"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).url == "/"
    # Concerto's own pages under comptes/ are not allauth's: the profile waits for the second factor.
    assert client.get(reverse("profile")).url == SETUP
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_api_answers_403_mfa_required(client, world, mfa_required):
    response = signed_in(client, world.analyst).get("/api/v1/proposals/")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "mfa_required" and "double authentification" in body["message"]
    assert body["details"]["url"] == SETUP


def test_an_older_api_token_of_staff_without_a_second_factor_is_refused(client, world, mfa_required):
    from allauth.mfa.models import Authenticator

    from core import tokens

    _token, key = tokens.issue(world.analyst, name="suivi")
    response = client.get("/api/v1/proposals/", HTTP_AUTHORIZATION=f"Token {key}")
    assert (response.status_code, response.json()["code"]) == (403, "mfa_required")
    _token, applicant_key = tokens.issue(world.applicant, name="suivi")
    assert client.get("/api/v1/proposals/", HTTP_AUTHORIZATION=f"Token {applicant_key}").status_code == 200
    Authenticator.objects.create(user=world.analyst, type="totp", data={"secret": "x"})
    assert client.get("/api/v1/proposals/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_htmx_requests_are_redirected_as_a_whole_page(client, world, mfa_required):
    response = signed_in(client, world.analyst).get(QUEUE, headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == SETUP


def test_staff_with_totp_sign_in_with_password_then_code(client, world, mfa_required):
    TOTP.activate(world.analyst, SECRET)
    response = client.post(reverse("account_login"), {"login": world.analyst.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # the password alone opens nothing
    assert client.get(QUEUE).status_code == 302
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    assert client.post(reverse("mfa_authenticate"), {"code": fresh_totp(SECRET)}).status_code == 302
    assert client.session["_auth_user_id"] == str(world.analyst.pk)
    assert client.get(QUEUE).status_code == 200


def test_the_admin_signs_in_through_allauth_and_its_second_factor(client, world, mfa_required):
    response = client.get("/admin/")
    assert response.url.startswith("/admin/login/")
    response = client.get(response.url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login") + "?next=")
    assert client.post("/admin/login/", {"username": world.admin.email, "password": PASSWORD}).status_code == 302
    assert "_auth_user_id" not in client.session  # the admin's own form is gone
    client.post(reverse("account_login"), {"login": world.admin.email, "password": PASSWORD})
    assert client.get("/admin/").url == SETUP  # signed in, but no second factor yet
    # Someone without admin access who is signed in is refused rather than shown a second sign-in form.
    client.force_login(world.applicant)
    assert client.get("/admin/login/").status_code == 403


# --- Sessions ---------------------------------------------------------------------------------------------


def sign_in(client, user, remember=True):
    data = {"login": user.email, "password": PASSWORD, **({"remember": "on"} if remember else {})}
    response = client.post(reverse("account_login"), data)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    return response


@pytest.mark.parametrize("persona, seconds", [
    ("applicant", 14 * 24 * 3600), ("reviewer", 14 * 24 * 3600),
    ("analyst", 8 * 3600), ("board", 8 * 3600), ("manager", 8 * 3600), ("admin", 8 * 3600),
])
def test_staff_sessions_are_shorter(client, world, persona, seconds):
    response = sign_in(client, getattr(world, persona))
    assert client.session.get_expiry_age() == seconds
    assert response.cookies["sessionid"]["max-age"] == seconds


def test_session_lifetimes_are_settings(client, world, settings):
    settings.CONCERTO_STAFF_SESSION_SECONDS = 600
    sign_in(client, world.analyst)
    assert client.session.get_expiry_age() == 600
    settings.CONCERTO_STAFF_SESSION_SECONDS = 300  # applied again at the next request
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == 300


def test_not_remembered_applicants_keep_a_browser_session_but_staff_still_expire(client, world):
    sign_in(client, world.applicant, remember=False)
    assert client.session.get_expire_at_browser_close()
    client.get(reverse("home"))
    assert client.session.get_expire_at_browser_close()
    client.post(reverse("account_logout"))
    sign_in(client, world.analyst, remember=False)
    assert client.session.get_expiry_age() == 8 * 3600 and not client.session.get_expire_at_browser_close()


def test_a_role_granted_during_a_session_shortens_it(client, world):
    from tests import factories

    sign_in(client, world.nobody)
    assert client.session.get_expiry_age() == 14 * 24 * 3600
    factories.ProgramRoleFactory(user=world.nobody, program=world.program, role="analyst")
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == 8 * 3600


def test_an_api_call_with_a_token_opens_no_session(client, world):
    from core import tokens
    from core.models import Session

    _token, key = tokens.issue(world.analyst, name="suivi")
    response = client.get("/api/v1/proposals/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies and not Session.objects.exists()


# --- Headers and templates --------------------------------------------------------------------------------


def test_every_answer_has_the_content_security_policy_and_the_permissions_policy(client, world):
    for path in ("/comptes/login/", "/api/v1/docs/"):
        response = client.get(path)
        policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
        assert policy == {
            "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:",
            "form-action": "'self'", "frame-ancestors": "'none'", "base-uri": "'self'", "object-src": "'none'",
        }, path
        features = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
            assert feature in features, (path, feature)
    signed_in(client, world.analyst)
    assert "script-src 'self'" in client.get(QUEUE)["Content-Security-Policy"]


def test_the_api_docs_load_their_start_up_script_from_a_file(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "<style" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    script = client.get("/api/v1/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript") and b"SwaggerUIBundle" in script.content


# Templates rendered as pages; e-mails and the PDF packet are not under a browser's CSP.
NOT_PAGES = ("notifications/templates/notifications/email/", "scoring/templates/scoring/packet.html")
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"\bhx-on\b|\bhx-on:|\bjs:", re.I), "htmx code evaluated at run time"),
]


def test_page_templates_have_no_inline_script_or_style():
    found = []
    for path in sorted([*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(".venv") or relative.startswith(NOT_PAGES):
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{relative}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert not found, "\n".join(found)
