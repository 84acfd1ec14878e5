"""Playwright driving Debian's Chromium against the live test server."""

import os

import pytest
from django.db import connections

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture
def browser(chromium_path):
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
    # itself are still synchronous, so allow them explicitly for browser tests only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()
        # Inside this block the test runs in Playwright's context, where Django keeps another database
        # connection than pytest-django's own: close it, or the test database cannot be dropped
        # ("is being accessed by other users").
        connections.close_all()


@pytest.fixture
def new_page(browser):
    contexts = []

    def open_page():
        context = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def login(page, live_server, email, password="secret-pass-123"):
    page.goto(f"{live_server.url}/comptes/login/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.locator("main").get_by_role("button", name="Connexion").click()
    page.wait_for_load_state("networkidle")


def confirm_password(page, password="secret-pass-123"):
    """allauth's "enter your password again" page, shown before second-factor changes."""
    if "/comptes/reauthenticate/" in page.url:
        page.get_by_label("Mot de passe").fill(password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("networkidle")


# Runs before any page script, outside the page's CSP (Playwright injects it through the DevTools protocol).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
                         + `at ${event.sourceFile || document.location.pathname}:${event.lineNumber}`);
});
"""


class Watch:
    """Console messages, uncaught errors, CSP violations and the CSP header of every page answer."""

    def __init__(self, page):
        self.problems = []
        self.documents = []
        page.expose_function("reportViolation", lambda text: self.problems.append(f"CSP violation: {text}"))
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("console", lambda message: self.problems.append(
            f"console {message.type}: {message.text} ({page.url})"))
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error} ({page.url})"))
        page.on("response", self._response)

    def _response(self, response):
        if response.request.resource_type == "document":
            self.documents.append((response.url, response.status, response.headers))

    def check(self):
        assert not self.problems, "\n".join(self.problems)
        assert self.documents
        for url, status, headers in self.documents:
            if status < 300:
                assert "script-src 'self'" in headers.get("content-security-policy", ""), url
                assert "camera=()" in headers.get("permissions-policy", ""), url
