import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from grants.models import Organisation
from grants.services import organisations as service
from tests import factories

pytestmark = pytest.mark.django_db


def profile(**overrides):
    data = {"legal_name": "Maison des familles de la Haute-Côte-Nord", "neq": "1140 000 003", "kind": "obnl",
            "address": "12, rue des Pionniers", "city": "Forestville", "postal_code": "g0t1e0",
            "email": "info@maison.example.org", "phone": "418 555-0199", "mission": "Accueillir les familles."}
    data.update(overrides)
    return data


def test_member_edits_the_profile_which_is_normalised(client, world):
    mrc = factories.MrcFactory(name="La Haute-Côte-Nord")
    client.force_login(world.applicant)
    url = reverse("organisation_edit", args=[world.organisation.pk])
    response = client.post(url, profile(territory=mrc.pk))
    assert response.url == reverse("organisation_detail", args=[world.organisation.pk])
    organisation = Organisation.objects.get(pk=world.organisation.pk)
    assert (organisation.neq, organisation.postal_code, organisation.territory) == ("1140000003", "G0T 1E0", mrc)
    assert organisation.legal_name == "Maison des familles de la Haute-Côte-Nord"


def test_invalid_profile_shows_announced_french_errors_and_saves_nothing(client, world):
    client.force_login(world.applicant)
    response = client.post(reverse("organisation_edit", args=[world.organisation.pk]),
                           profile(neq="123", postal_code="ABC"))
    body = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in body
    assert "Le NEQ compte exactement 10 chiffres." in body and "code postal canadien valide" in body
    assert 'aria-invalid="true"' in body
    assert Organisation.objects.get(pk=world.organisation.pk).neq == world.organisation.neq


def test_profile_pages_list_members_and_pending_invitations(client, world):
    service.invite(world.organisation, world.applicant, email="new@example.org")
    client.force_login(world.applicant)
    page = client.get(reverse("organisation_detail", args=[world.organisation.pk])).content.decode()
    assert world.applicant.email in page and "new@example.org" in page
    assert client.get(reverse("my_organisation")).url == reverse("organisation_detail",
                                                                 args=[world.organisation.pk])
    client.force_login(world.nobody)  # no organisation yet: register one or ask to join one
    assert client.get(reverse("my_organisation")).url == reverse("organisation_start")


def test_service_refuses_non_members(world):
    with pytest.raises(PermissionDenied):
        service.update_organisation(world.organisation, world.other_applicant, legal_name="Piraté")
    with pytest.raises(PermissionDenied):
        service.invite(world.organisation, world.analyst, email="x@example.org")
