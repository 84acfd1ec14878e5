"""The analyst queue: scoped to the staff member's programs, filtered, sorted, constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.states import State
from tests import factories
from workflow import services

pytestmark = pytest.mark.django_db
URL = "/analyse/"


def titles(response):
    return [proposal.title for proposal in response.context["page"]]


def queue_queries(client, world, make_proposal, count):
    for _ in range(count):
        proposal = make_proposal(State.SUBMITTED)
        proposal.mrcs.add(factories.MrcFactory(parent=world.program.region))
        services.transition(proposal, "start_analysis", world.analyst)
    client.force_login(world.analyst)
    client.get(URL)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"sort": "analyst"})
    assert len(response.context["page"]) == min(count, 25)
    return len(queries)


def test_query_count_does_not_grow_with_rows(client, world, make_proposal):
    few = queue_queries(client, world, make_proposal, 2)
    many = queue_queries(client, world, make_proposal, 28)  # 30 rows now, 25 on the page
    assert few == many


@pytest.mark.parametrize("persona", ["applicant", "reviewer", "nobody"])
def test_people_without_a_staff_role_get_403(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(URL).status_code == 403


def test_outside_analyst_sees_only_their_program(client, world, make_proposal):
    make_proposal(State.SUBMITTED, title="Projet du programme")
    client.force_login(world.outside_analyst)
    assert titles(client.get(URL)) == []


def test_drafts_are_never_listed_a_draft_is_the_organisation_s_own(client, world, make_proposal):
    make_proposal(State.DRAFT, title="Brouillon")
    make_proposal(State.SUBMITTED, title="Déposé")
    client.force_login(world.analyst)
    assert titles(client.get(URL)) == ["Déposé"]
    assert titles(client.get(URL, {"state": "draft"})) == ["Déposé"]  # not a choice: the filter is ignored


def test_filters(client, world, make_proposal):
    other_call = factories.CallFactory(program=world.program)
    axis = factories.AxisFactory(program=world.program)
    mrc = factories.MrcFactory(parent=world.program.region)
    first = make_proposal(State.SUBMITTED, title="Cuisine collective", primary_axis=axis)
    first.mrcs.add(mrc)
    second = make_proposal(State.SUBMITTED, title="Halte-garderie", call=other_call)
    second.secondary_axes.add(axis)
    make_proposal(State.UNDER_ANALYSIS, title="Épicerie", reference="PROGRAM-2026-0042")
    services.transition(second, "start_analysis", world.analyst)
    client.force_login(world.manager)
    assert titles(client.get(URL, {"call": other_call.pk})) == ["Halte-garderie"]
    assert titles(client.get(URL, {"mrc": mrc.pk})) == ["Cuisine collective"]
    assert sorted(titles(client.get(URL, {"axis": axis.pk}))) == ["Cuisine collective", "Halte-garderie"]
    assert titles(client.get(URL, {"analyst": world.analyst.pk})) == ["Halte-garderie"]
    assert sorted(titles(client.get(URL, {"state": "under_analysis"}))) == ["Halte-garderie", "Épicerie"]
    assert titles(client.get(URL, {"q": "0042"})) == ["Épicerie"]
    assert titles(client.get(URL, {"q": world.organisation.legal_name[:12]})) != []


def _options(response, name):
    return [(str(value), str(label)) for value, label in response.context["form"].fields[name].choices][1:]


def test_filter_lists_are_each_models_own_order_and_labels_read_in_one_query(client, world):
    from datetime import timedelta

    from grants.models import ProgramRole, Tag

    region = world.program.region
    late = factories.CallFactory(program=world.program, title="Appel tardif",
                                 opens_at=world.call.opens_at + timedelta(days=30))
    mrcs = [factories.MrcFactory(parent=region, name=name) for name in ("Portneuf", "Charlevoix")]
    factories.MrcFactory(name="Ailleurs")  # another region's
    second = factories.AxisFactory(program=world.program, code="B", order=2, name_fr="Deuxième", name_en="Second")
    first = factories.AxisFactory(program=world.program, code="A", order=1, name_fr="Premier", name_en="")
    nameless = factories.UserFactory(email="aaa@example.org", full_name="")
    ProgramRole.objects.create(user=nameless, program=world.program, role="analyst")
    tags = [Tag.objects.create(program=world.program, name=name) for name in ("urgent", "ainés")]
    client.force_login(world.manager)
    response = client.get(URL, {"axis": second.pk})
    calls = [(str(call.pk), call.title) for call in (late, world.call)]
    assert _options(response, "call")[:2] == calls
    assert _options(response, "mrc") == [(str(m.pk), m.name) for m in reversed(mrcs)]
    axes = [(str(first.pk), "Premier"), (str(second.pk), "Deuxième")]
    assert [option for option in _options(response, "axis") if option in axes] == axes
    analysts = _options(response, "analyst")
    assert (str(nameless.pk), "aaa@example.org") in analysts and (str(world.analyst.pk), str(world.analyst)) in analysts
    assert analysts.index((str(nameless.pk), "aaa@example.org")) == 0  # an empty name sorts first
    assert _options(response, "tag") == [(str(tags[1].pk), "ainés"), (str(tags[0].pk), "urgent")]
    assert f'<option value="{second.pk}" selected>Deuxième</option>' in response.content.decode()
    world.manager.language = "en"
    world.manager.save()
    english = client.get(URL)
    assert (str(second.pk), "Second") in _options(english, "axis") and (str(first.pk), "Premier") in _options(english, "axis")
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    assert sum(1 for query in queries if "grants_tag" in query["sql"] and "grants_axis" in query["sql"]) == 1
    assert not any(query["sql"].lstrip().startswith('SELECT "grants_call"."id", "grants_call"."title"')
                   for query in queries)


def test_sorting_both_ways(client, world, make_proposal):
    for title in ["Bêta", "Alpha", "Gamma"]:
        make_proposal(State.SUBMITTED, title=title)
    client.force_login(world.analyst)
    assert titles(client.get(URL, {"sort": "title"})) == ["Alpha", "Bêta", "Gamma"]
    response = client.get(URL, {"sort": "-title"})
    assert titles(response) == ["Gamma", "Bêta", "Alpha"]
    assert 'aria-sort="descending"' in response.content.decode()


def test_pagination_by_25(client, world, make_proposal):
    for _ in range(27):
        make_proposal(State.SUBMITTED)
    client.force_login(world.analyst)
    first = client.get(URL).context["page"]
    assert len(first) == 25
    assert len(client.get(URL, {"apres": first.next_cursor}).context["page"]) == 2  # pages go by position


def test_assigned_analyst_is_shown(client, world, make_proposal):
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    client.force_login(world.board)
    assert world.analyst.full_name in client.get(URL).content.decode()


def test_htmx_requests_get_only_the_results(client, world, make_proposal):
    make_proposal(State.SUBMITTED, title="Cuisine collective")
    client.force_login(world.analyst)
    html = client.get(URL, {"q": "cuisine"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Cuisine collective" in html and "<html" not in html


def test_each_row_lists_its_own_mrcs_and_tags_in_their_order(client, world, make_proposal):
    from grants.models import ProposalTag, Tag

    first, second, bare = (make_proposal(State.SUBMITTED, title=title) for title in ("Un", "Deux", "Trois"))
    portneuf, charlevoix = (factories.MrcFactory(parent=world.program.region, name=name)
                            for name in ("Portneuf", "Charlevoix"))
    first.mrcs.add(portneuf, charlevoix)
    second.mrcs.add(portneuf)
    urgent, aines = (Tag.objects.create(program=world.program, name=name) for name in ("urgent", "aînés"))
    for proposal, tag in ((first, urgent), (first, aines), (second, urgent)):
        ProposalTag.objects.create(proposal=proposal, tag=tag, added_by=world.analyst)
    client.force_login(world.analyst)
    rows = {row.title: row for row in client.get(URL).context["page"]}
    assert (rows["Un"].mrc_list, rows["Un"].tag_list) == (["Charlevoix", "Portneuf"], ["aînés", "urgent"])
    assert (rows["Deux"].mrc_list, rows["Deux"].tag_list) == (["Portneuf"], ["urgent"])
    assert (rows["Trois"].mrc_list, rows["Trois"].tag_list) == ([], [])
