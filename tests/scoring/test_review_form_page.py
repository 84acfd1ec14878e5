"""The review form is compact: each criterion named once, a short scale as a row of choices, guidance linked
to its inputs by aria-describedby pointing at ids the page has."""

import re

import pytest
from django.urls import reverse

from tests import factories

from .reviewing import active_review, submitted_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def review_page(client, world):
    rubric = factories.RubricFactory(call=world.call, version=1)
    short = factories.CriterionFactory(rubric=rubric, label="Ancrage dans le milieu", scale_max=5,
                                       guidance="Appuis locaux, partenaires engagés.")
    long = factories.CriterionFactory(rubric=rubric, label="Réalisme du budget", scale_max=20)
    gate = factories.CriterionFactory(rubric=rubric, label="Admissibilité de l'organisme", eliminatory=True,
                                      guidance="Organisme à but non lucratif.")
    proposal = submitted_proposal(world)
    active_review(proposal, world.reviewer, world.analyst)
    client.force_login(world.reviewer)
    response = client.get(reverse("scoring:review", args=[proposal.pk]))
    assert response.status_code == 200
    return response.content.decode(), short, long, gate


def test_each_criterion_is_named_once_in_its_legend(review_page):
    page, *criteria = review_page
    for criterion in criteria:
        name = criterion.label.replace("'", "&#x27;")
        # The legend, and the comment's label for screen readers only ("Commentaire : <criterion>").
        assert page.count(name) == 2, criterion.label
        assert f"<legend>{name}" in page and f'<span class="sr-only">\u00a0: {name}</span>' in page


def test_a_short_scale_is_a_row_of_choices_and_a_long_one_a_number(review_page):
    page, short, long, _gate = review_page
    assert len(re.findall(rf'type="radio" name="value_{short.pk}"', page)) >= 6  # 0 to 5
    assert f'type="number" name="value_{long.pk}"' in page
    assert f'type="radio" name="value_{long.pk}"' not in page


def test_guidance_is_linked_by_ids_that_exist(review_page):
    page, short, long, gate = review_page
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    described = set(re.findall(r'aria-describedby="([^"]+)"', page))
    assert {f"guidance-{short.pk}", f"guidance-{gate.pk}"} <= described
    assert f"guidance-{long.pk}" not in described  # no guidance, nothing to point at
    missing = {target for value in described for target in value.split() if target not in ids}
    assert missing == set()


def test_the_summary_shows_the_concerns_raised(client, world):
    factories.CriterionFactory(rubric=factories.RubricFactory(call=world.call, version=1))
    proposal = submitted_proposal(world, concerns="Peu de transport collectif hors des centres.")
    active_review(proposal, world.reviewer, world.analyst)
    client.force_login(world.reviewer)
    page = client.get(reverse("scoring:review", args=[proposal.pk])).content.decode()
    assert "Préoccupations / enjeux soulevés" in page and "Peu de transport collectif hors des centres." in page
