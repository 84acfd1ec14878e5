"""A program's tags: its managers create and delete them; nobody else."""

import pytest

from grants.models import Tag
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_manager_creates_and_deletes_the_program_s_tags(client, world, make_proposal):
    client.force_login(world.manager)
    response = client.post("/analyse/etiquettes/", {"programme": world.program.code, "name": "Premières Nations"})
    assert response.status_code == 302
    tag = Tag.objects.get(program=world.program)
    assert tag.name == "Premières Nations"
    duplicate = client.post("/analyse/etiquettes/", {"programme": world.program.code, "name": "premières nations"})
    assert duplicate.status_code == 409 and "a déjà une étiquette" in duplicate.content.decode()
    tag.proposals.add(make_proposal("submitted"))
    assert "Premières Nations" in client.get("/analyse/etiquettes/").content.decode()
    assert client.post(f"/analyse/etiquettes/{tag.pk}/supprimer/").status_code == 302
    assert not Tag.objects.exists()


def test_analysts_may_not_manage_tags_and_other_programs_tags_are_not_found(client, world):
    elsewhere = Tag.objects.create(program=factories.ProgramFactory(), name="ATI")
    client.force_login(world.analyst)
    assert client.get("/analyse/etiquettes/").status_code == 403
    client.force_login(world.manager)
    assert client.post(f"/analyse/etiquettes/{elsewhere.pk}/supprimer/").status_code == 404
    assert client.get("/analyse/etiquettes/?programme=AUTRE").status_code == 404
