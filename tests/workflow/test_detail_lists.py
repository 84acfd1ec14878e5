"""The staff page's lists of MRCs, municipalities, local priorities and secondary axes, read in one query,
each in its own order, the axes in the reader's language."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.states import State
from tests import factories
from workflow.selectors import linked_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    proposal.mrcs.set([factories.MrcFactory(name="Rimouski-Neigette"), factories.MrcFactory(name="La Matanie")])
    proposal.municipalities.set([factories.MunicipalityFactory(name="Sainte-Flavie"),
                                 factories.MunicipalityFactory(name="Matane")])
    later, earlier = factories.LocalPlanFactory(code="plan-b"), factories.LocalPlanFactory(code="plan-a")
    proposal.priorities.set([factories.PriorityFactory(local_plan=later, order=1, text="Logement"),
                             factories.PriorityFactory(local_plan=earlier, order=2, text="Transport"),
                             factories.PriorityFactory(local_plan=earlier, order=1, text="Alimentation")])
    program = world.call.program
    proposal.secondary_axes.set([
        factories.AxisFactory(program=program, order=2, code="B", name_fr="Inclusion", name_en="Inclusion (en)"),
        factories.AxisFactory(program=program, order=1, code="A", name_fr="Logement social", name_en="")])
    return proposal


def test_each_list_in_its_models_order_in_one_query(proposal):
    with CaptureQueriesContext(connection) as queries:
        names = linked_names(proposal)
    assert len(queries) == 1
    assert names == {
        "mrcs": ["La Matanie", "Rimouski-Neigette"],
        "municipalities": ["Matane", "Sainte-Flavie"],
        "priorities": ["Alimentation", "Transport", "Logement"],
        "secondary_axes": ["Logement social", "Inclusion"],
    }


def test_the_page_shows_them_and_the_english_names_to_english_readers(client, world, proposal):
    client.force_login(world.analyst)
    page = client.get(f"/analyse/demandes/{proposal.pk}/").content.decode()
    assert "<dd>La Matanie, Rimouski-Neigette</dd>" in page
    assert "<dd>Matane, Sainte-Flavie</dd>" in page
    assert "<dd>Alimentation ; Transport ; Logement</dd>" in page
    assert "<dd>Logement social, Inclusion</dd>" in page
    world.analyst.language = "en"
    world.analyst.save()
    page = client.get(f"/analyse/demandes/{proposal.pk}/").content.decode()
    assert "<dd>Logement social, Inclusion (en)</dd>" in page


def test_nothing_linked_reads_as_a_dash(client, world, make_proposal):
    proposal = make_proposal(State.SUBMITTED)
    client.force_login(world.analyst)
    page = client.get(f"/analyse/demandes/{proposal.pk}/").content.decode()
    assert page.count("<dd>—</dd>") >= 4
