"""The commitments' axis lines carry the axis name in the reader's language."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "shown", "absent"), [
    ("fr", "Sécurité alimentaire", "Food security"),
    ("en", "Food security", "Sécurité alimentaire"),
])
def test_the_commitments_page_names_the_axes_in_the_readers_language(client, world, language, shown, absent):
    axis = factories.AxisFactory(program=world.program, name_fr="Sécurité alimentaire", name_en="Food security")
    factories.ProposalFactory(call=world.call, state="funded", amount_granted=Decimal("30000"), primary_axis=axis)
    world.manager.language = language
    world.manager.save(update_fields=["language"])
    client.force_login(world.manager)
    html = client.get(reverse("scoring:commitments", args=[world.program.pk])).content.decode()
    assert shown in html and absent not in html
