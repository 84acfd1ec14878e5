"""Exporting the proposals selected in the queue: only those, with their tags, within the person's scope."""

import pytest

from grants.models import Tag
from grants.states import State
from reporting.models import ExportJob
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/rapports-et-exportations/exportations/selection/"


def content(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_ticked_proposals_are_exported_with_their_tags(client, world):
    chosen = factories.ProposalFactory(call=world.call, organisation=world.organisation, state=State.SUBMITTED,
                                       title="Choisie")
    factories.ProposalFactory(call=world.call, organisation=world.organisation, state=State.SUBMITTED,
                              title="Pas choisie")
    Tag.objects.create(program=world.program, name="jeunesse").proposals.add(chosen)
    client.force_login(world.analyst)
    response = client.post(URL, {"programme": world.program.code, "ids": [chosen.pk], "format": "csv"})
    text = content(response)
    assert "Choisie" in text and "Pas choisie" not in text
    assert "Étiquettes" in text.splitlines()[0] and text.splitlines()[1].endswith("jeunesse")
    job = ExportJob.objects.get()
    assert job.filters == {"program": world.program.pk, "proposals": [chosen.pk]}


def test_all_matching_the_queue_filters(client, world):
    for state in (State.SUBMITTED, State.UNDER_ANALYSIS):
        factories.ProposalFactory(call=world.call, organisation=world.organisation, state=state, title=state)
    client.force_login(world.analyst)
    text = content(client.post(URL, {"programme": world.program.code, "tout": "1", "filtres": "state=submitted",
                                     "format": "csv"}))
    assert "submitted" in text and "under_analysis" not in text


def test_who_may_not_export_gets_403_and_another_program_404(client, world):
    client.force_login(world.board)
    assert client.post(URL, {"programme": world.program.code, "format": "csv"}).status_code == 403
    client.force_login(world.outside_analyst)
    assert client.post(URL, {"programme": world.program.code, "format": "csv"}).status_code == 404
