"""The application form tells the applicant which fields the portal will publish."""

import pytest

from grants.forms.steps import BY_SLUG, build
from tests import factories

pytestmark = pytest.mark.django_db

MARKER = '<span class="badge">Publié</span>'


@pytest.mark.parametrize("slug, published, private", [
    ("projet", {"title", "public_summary"}, {"mission"}),
    ("territoire", {"mrcs"}, {"municipalities", "territory_details", "target_population"}),
    ("objectifs", set(), {"objectives", "problem_statement", "expected_results", "complementarity"}),
    ("axes", {"primary_axis"}, {"secondary_axes", "priorities"}),
    ("adsplus", set(), {"expected_women", "gender_impact"}),
    ("echeancier", {"start_date", "end_date"}, set()),
])
def test_published_fields_carry_the_marker(world, slug, published, private):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    form, _formsets = build(BY_SLUG[slug], proposal)
    for name in published:
        assert MARKER in form[name].help_text, name
    for name in private:
        assert MARKER not in form[name].help_text, name


def test_the_applicant_sees_the_marker_and_saves_the_public_summary(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, created_by=world.applicant)
    client.force_login(world.applicant)
    page = client.get(f"/demandes/{proposal.pk}/etapes/projet/").content.decode()
    assert MARKER in page and 'id="id_public_summary_helptext"' in page
    assert 'aria-describedby="id_public_summary_helptext"' in page
    client.post(f"/demandes/{proposal.pk}/etapes/projet/", {
        "version": proposal.version, "title": proposal.title, "mission": proposal.mission, "stay": "1",
        "public_summary": "Des repas partagés."})
    proposal.refresh_from_db()
    assert proposal.public_summary == "Des repas partagés."
    assert "Des repas partagés." in client.get(f"/demandes/{proposal.pk}/").content.decode()
    assert "Publié" in BY_SLUG["indicateurs"].intro
