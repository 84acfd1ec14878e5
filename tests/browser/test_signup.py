"""A new person signs up, confirms their address, registers their organisation and files a proposal."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from grants.models import Membership, Organisation, User
from notifications.models import OutboxMessage
from tests import factories
from tests.browser.test_intake import fill_every_step, prepare_call, submit_and_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "julie.gagnon@exemple.org"
PASSWORD = "Solidarite-Sept-Iles-2026"


def submit_main_form(page):
    page.locator("main form").last.locator("button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")


def on_live_server(url, live_server):
    """The link as mailed is built on SITE_URL; the same path on the test server."""
    parts = urlsplit(url)
    return live_server.url + parts.path + (f"?{parts.query}" if parts.query else "")


def test_new_person_signs_up_registers_an_organisation_and_submits(live_server, new_page, world):
    prepare_call(world)
    mrc = factories.MrcFactory(name="Sept-Rivières", parent=world.program.region)
    factories.MunicipalityFactory(name="Sept-Îles", parent=mrc)
    page = new_page()

    page.goto(f"{live_server.url}/comptes/signup/")
    page.locator('[name="email"]').fill(EMAIL)
    page.locator('[name="full_name"]').fill("Julie Gagnon")
    page.locator('[name="password1"]').fill(PASSWORD)
    page.locator('[name="password2"]').fill(PASSWORD)
    submit_main_form(page)
    assert User.objects.filter(email=EMAIL).exists()

    mail = OutboxMessage.objects.get(kind="email_confirmation", to_email=EMAIL)
    page.goto(on_live_server(mail.context["activate_url"], live_server))
    submit_main_form(page)  # "Confirmer": a GET never confirms

    # Signed in, without an organisation: the dashboard offers to register one or to join one.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Inscrire un organisme").click()
    page.wait_for_url(re.compile("/organismes/inscrire/$"))
    page.get_by_label("Nom légal").fill("Comptoir alimentaire de Sept-Îles")
    page.get_by_label("Numéro d'entreprise du Québec (NEQ)").fill("1170 123 456")
    page.get_by_label("Type d'organisme").select_option("obnl")
    page.get_by_label("Municipalité").select_option(label="Sept-Îles (Sept-Rivières)")
    page.get_by_label(re.compile("^Adresse")).fill("12, rue Arnaud")
    page.get_by_label("Courriel de l'organisme").fill("info@comptoir.exemple.org")
    page.get_by_label("Mission de l'organisme").fill("Nourrir les familles à faible revenu de Sept-Îles.")
    page.get_by_role("button", name="Inscrire l'organisme").click()
    page.wait_for_url(re.compile(r"/organismes/\d+/$"))
    assert page.locator("h1 .badge").inner_text() == "À vérifier"

    organisation = Organisation.objects.get(neq="1170123456")
    assert organisation.territory == mrc and organisation.verified_at is None
    assert Membership.objects.filter(organisation=organisation, user__email=EMAIL).exists()

    page.get_by_role("link", name="Tableau de bord").first.click()
    page.get_by_role("link", name="Commencer une demande").click()
    page.get_by_label("Titre du projet").fill("Épicerie solidaire mobile")
    page.get_by_role("button", name="Créer le brouillon").click()
    fill_every_step(page, organisation)
    submit_and_check(page)


def test_registration_page_works_at_phone_width_with_the_keyboard(live_server, new_page, world):
    """Every field of the registration form is reachable with Tab and nothing overflows a phone screen."""
    factories.MunicipalityFactory(name="Sept-Îles", parent=factories.MrcFactory(parent=world.program.region))
    page = new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    client = Client()  # a signed-in session handed to the browser, without going through the sign-in page
    client.force_login(world.nobody)
    cookie = settings.SESSION_COOKIE_NAME
    page.context.add_cookies([{"name": cookie, "value": client.cookies[cookie].value, "url": live_server.url}])
    page.goto(f"{live_server.url}/organismes/inscrire/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    focused = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.add(page.evaluate("document.activeElement.name || document.activeElement.textContent.trim()"))
    for name in ("legal_name", "neq", "kind", "municipality", "address", "email", "mission"):
        assert name in focused, name
    assert "Inscrire l'organisme" in focused
