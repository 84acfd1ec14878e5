from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from grants.models import Invitation, Membership, User
from notifications import outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    calls = []

    def record(**kwargs):
        calls.append({**kwargs, "in_transaction": connection.in_atomic_block})
        return []

    monkeypatch.setattr(outbox, "queue", record)
    return calls


def invite(client, world, email="colleague@example.org"):
    client.force_login(world.applicant)
    return client.post(reverse("organisation_invite", args=[world.organisation.pk]), {"email": email})


def test_member_invites_and_the_email_is_queued_in_the_transaction(client, world, queued):
    response = invite(client, world, "Colleague@Example.org")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.organisation, invitation.invited_by) == (
        "colleague@example.org", world.organisation, world.applicant)
    [call] = queued
    assert (call["kind"], call["recipients"], call["obj"]) == ("invitation", ["colleague@example.org"], invitation)
    assert call["context"]["invitation_url"].endswith(f"/invitation/{invitation.token}/")
    assert call["in_transaction"]


def test_inviting_an_existing_member_is_refused(client, world, queued):
    response = invite(client, world, world.applicant.email)
    assert response.status_code == 400
    assert "fait déjà partie" in response.content.decode()
    assert not Invitation.objects.exists() and not queued


def test_new_person_creates_an_account_and_joins_once(client, world, queued):
    invite(client, world)
    client.logout()
    url = reverse("invitation_accept", args=[Invitation.objects.get().token])
    assert client.get(url).status_code == 200
    response = client.post(url, {"full_name": "Julie Gagnon", "language": "en", "password1": "Solidarite-2026!",
                                 "password2": "Solidarite-2026!"})
    assert response.url == reverse("organisation_detail", args=[world.organisation.pk])
    person = User.objects.get(email="colleague@example.org")
    assert (person.full_name, person.language) == ("Julie Gagnon", "en")
    assert person.check_password("Solidarite-2026!")
    assert Membership.objects.filter(user=person, organisation=world.organisation).exists()
    assert client.get(reverse("organisation_detail", args=[world.organisation.pk])).status_code == 200
    client.logout()
    assert client.get(url).status_code == 404  # single use
    assert client.post(url, {"full_name": "X", "password1": "a", "password2": "a"}).status_code == 404


def test_signed_in_person_with_the_invited_email_joins(client, world, queued):
    invite(client, world, world.nobody.email)
    url = reverse("invitation_accept", args=[Invitation.objects.get().token])
    client.force_login(world.nobody)
    assert client.post(url).status_code == 302
    assert Membership.objects.filter(user=world.nobody, organisation=world.organisation).exists()
    assert Invitation.objects.get().accepted_at is not None


def test_someone_else_signed_in_cannot_use_the_invitation(client, world, queued):
    invite(client, world)
    url = reverse("invitation_accept", args=[Invitation.objects.get().token])
    client.force_login(world.other_applicant)
    assert "une autre adresse" in client.get(url).content.decode()
    client.post(url)
    assert not Membership.objects.filter(user=world.other_applicant, organisation=world.organisation).exists()
    assert Invitation.objects.get().accepted_at is None


def test_existing_account_is_asked_to_log_in_and_weak_passwords_are_refused(client, world, queued):
    invite(client, world, world.nobody.email)
    client.logout()
    url = reverse("invitation_accept", args=[Invitation.objects.get().token])
    assert "Connectez-vous" in client.get(url).content.decode()
    invite(client, world, "new@example.org")
    client.logout()
    url = reverse("invitation_accept", args=[Invitation.objects.get(email="new@example.org").token])
    response = client.post(url, {"full_name": "N", "language": "fr", "password1": "123", "password2": "123"})
    assert response.status_code == 200 and not User.objects.filter(email="new@example.org").exists()


def test_expired_or_unknown_invitation_is_404(client, world, queued):
    invite(client, world)
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=15))
    client.logout()
    assert client.get(reverse("invitation_accept", args=[invitation.token])).status_code == 404
    assert client.get(reverse("invitation_accept", args=["nope"])).status_code == 404
