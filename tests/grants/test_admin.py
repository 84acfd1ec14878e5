import pytest
from django.urls import reverse

from grants import models
from tests import factories

pytestmark = pytest.mark.django_db

REGISTERED = [models.Territory, models.Program, models.LocalPlan, models.Call, models.AttachmentType,
              models.Organisation, models.User, models.ProgramRole]


@pytest.mark.parametrize("model", REGISTERED)
def test_admin_lists_and_add_pages_load_in_french(client, world, model):
    factories.AxisFactory(program=world.program)
    factories.MembershipFactory(organisation=world.organisation)
    client.force_login(world.admin)
    meta = model._meta
    changelist = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert changelist.status_code == 200
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 200


def test_program_and_organisation_change_pages_show_their_inlines(client, world):
    client.force_login(world.admin)
    program = client.get(reverse("admin:grants_program_change", args=[world.program.pk])).content.decode()
    assert "axes" in program.lower()
    organisation = client.get(reverse("admin:grants_organisation_change", args=[world.organisation.pk]))
    assert "membres" in organisation.content.decode().lower()


def test_admin_creates_a_user_by_email(client, world):
    client.force_login(world.admin)
    response = client.post(reverse("admin:grants_user_add"), {
        "email": "nouvelle@example.org", "full_name": "Nouvelle Personne", "language": "fr",
        "password1": "Tres-bon-mot-2026", "password2": "Tres-bon-mot-2026", "usable_password": "true"})
    assert response.status_code == 302
    assert models.User.objects.get(email="nouvelle@example.org").check_password("Tres-bon-mot-2026")
