"""The public privacy page (the officer from the settings, the retention rules, the rights) and the
confidentiality-incident register, admins only."""

import pytest
from django.urls import reverse

from core import retention
from core.models import ConfidentialityIncident, RetentionRule


@pytest.fixture
def officer(settings):
    settings.CONCERTO_PRIVACY_OFFICER_NAME = "Louise Tremblay, directrice générale"
    settings.CONCERTO_PRIVACY_OFFICER_EMAIL = "vie-privee@example.org"
    settings.CONCERTO_PRIVACY_OFFICER_ADDRESS = "123, rue Principale, Baie-Comeau (Québec) G4Z 1A1"


def test_the_privacy_page_is_public_and_names_the_officer(client, db, officer):
    retention.ensure_rules()
    response = client.get("/confidentialite/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Louise Tremblay, directrice générale" in text
    assert "123, rue Principale, Baie-Comeau (Québec) G4Z 1A1" in text
    assert 'href="mailto:vie-privee@example.org"' in text
    assert "Commission d'accès à l'information" in text
    assert "Courriels envoyés" in text  # the active retention rules, from the database


def test_without_an_officer_the_page_says_who_is_in_charge_by_default(client, db, settings):
    settings.CONCERTO_PRIVACY_OFFICER_NAME = ""
    text = client.get(reverse("privacy")).content.decode()
    assert "plus haute autorité" in text


def test_an_inactive_rule_is_not_announced(client, db):
    retention.ensure_rules()
    RetentionRule.objects.filter(kind="notifications.outbox_bodies").update(active=False)
    assert "Courriels envoyés" not in client.get(reverse("privacy")).content.decode()


def test_every_page_links_to_the_privacy_page_in_its_footer(client, world):
    assert 'href="/confidentialite/"' in client.get(reverse("account_login")).content.decode()
    client.force_login(world.applicant)
    assert 'href="/confidentialite/"' in client.get(reverse("home")).content.decode()


INCIDENT = {
    "detected_on": "2025-04-02", "occurred_on": "2025-03-30", "nature": "disclosure",
    "description": "Un courriel contenant une pièce jointe a été envoyé au mauvais organisme.",
    "people_affected_count": "3", "people_affected_description": "Membres du CA de l'organisme.",
    "serious_harm_risk": "on", "risk_assessment": "Renseignements financiers personnels.",
    "commission_notified_on": "2025-04-03", "commission_notice": "Avis transmis par le formulaire de la CAI.",
    "people_notified_on": "2025-04-03", "people_notice": "Nous vous informons…",
    "measures_taken": "Demande de destruction confirmée par le destinataire.",
}


def test_an_admin_records_an_incident_and_is_named_as_its_author(client, world):
    client.force_login(world.admin)
    assert client.get("/admin/core/confidentialityincident/add/").status_code == 200
    response = client.post("/admin/core/confidentialityincident/add/", INCIDENT)
    assert response.status_code == 302, response.content.decode()[:2000]
    incident = ConfidentialityIncident.objects.get()
    assert incident.recorded_by == world.admin and incident.serious_harm_risk
    assert incident.people_affected_count == 3 and str(incident.commission_notified_on) == "2025-04-03"
    # An entry of the register is never deleted.
    assert client.get(f"/admin/core/confidentialityincident/{incident.pk}/delete/").status_code == 403


def test_the_register_is_closed_to_managers_although_they_are_admin_staff(client, world):
    world.manager.is_staff = True
    world.manager.save(update_fields=["is_staff"])
    client.force_login(world.manager)
    assert client.get("/admin/core/confidentialityincident/").status_code == 403
    assert client.post("/admin/core/confidentialityincident/add/", INCIDENT).status_code == 403
    assert not ConfidentialityIncident.objects.exists()
    index = client.get("/admin/").content.decode()
    assert "confidentialityincident" not in index and "retentionrule" not in index
    client.force_login(world.analyst)
    assert client.get("/admin/core/confidentialityincident/").status_code == 302


def test_an_admin_sets_a_retention_period_in_the_admin(client, world):
    client.force_login(world.admin)
    assert client.get("/admin/core/retentionrule/").status_code == 200  # creates the missing rules
    rule = RetentionRule.objects.get(kind="core.access_log")
    response = client.post(f"/admin/core/retentionrule/{rule.pk}/change/", {"days": "365", "active": ""})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.days == 365 and not rule.active
