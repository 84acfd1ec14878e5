""""Mes données" for a person with a long history: the page counts each section in SQL (its cost does not
grow with the rows), the download streams every row, read in chunks."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import access_log, personal_data
from core.models import AccessLog
from tests import factories
from workflow.models import TransitionLog


def _history(world, count):
    """`count` transitions by the analyst and as many confidential files opened."""
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    TransitionLog.objects.bulk_create(
        TransitionLog(proposal=proposal, actor=world.analyst, transition="start_analysis", from_state="submitted",
                      to_state="under_analysis", comment=f"Étape {index}") for index in range(count))
    for _ in range(count):
        access_log.record(world.analyst, proposal, world.program.pk, access_log.What.PROPOSAL_STAFF)


def _page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("personal_data"))
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries]


def test_the_page_counts_every_section_with_as_many_statements_whatever_the_history(client, world):
    client.force_login(world.analyst)
    _history(world, 2)
    _, short = _page(client)
    _history(world, 40)
    text, long = _page(client)
    assert len(long) == len(short)
    # The rows are counted, never read.
    logs = [sql for sql in long if TransitionLog._meta.db_table in sql or AccessLog._meta.db_table in sql]
    assert len(logs) == 2 and all("COUNT(*)" in sql for sql in logs)
    assert "<td>transitions</td><td>42</td>" in text
    assert "<td>journal acces</td><td>42</td>" in text


def test_the_counts_shown_are_the_entries_downloaded(world):
    _history(world, 5)
    factories.ReportFactory(agreement=factories.AgreementFactory(proposal=factories.ProposalFactory(
        call=world.call, organisation=world.organisation)), reviewed_by=world.analyst, review_comment="Reçu.")
    # Filed and reviewed by the same person: one entry, counted once.
    factories.ReportFactory(agreement=factories.AgreementFactory(proposal=factories.ProposalFactory(
        call=world.call, organisation=world.organisation)), submitted_by=world.analyst, reviewed_by=world.analyst)
    factories.ReportFactory(agreement=factories.AgreementFactory(proposal=factories.ProposalFactory(
        call=world.call, organisation=world.organisation)), submitted_by=world.analyst)
    counted = dict(personal_data.summary(world.analyst))
    exported = personal_data.export(world.analyst)
    assert counted == {key: len(value) if isinstance(value, list | dict) else value for key, value in exported.items()
                       if key not in ("format", "genere_le", "compte_id")}
    assert counted["transitions"] == 5 and counted["rapports"] == 3


def test_the_reports_are_counted_by_each_author_column_never_by_an_or(client, world):
    """An OR across the filer and the reviewer read every report of the table on PostgreSQL (150 ms for one
    person's 131,387 reports at 1,000,000): each column is counted on its own index."""
    client.force_login(world.applicant)
    _, statements = _page(client)
    counts = [sql for sql in statements if 'FROM "grants_report"' in sql]
    assert counts and all("COUNT(*)" in sql and " OR " not in sql for sql in counts)


def test_the_download_streams_every_row_read_in_chunks(client, world, monkeypatch):
    monkeypatch.setattr(personal_data, "CHUNK", 3)
    _history(world, 10)
    client.force_login(world.analyst)
    response = client.get(reverse("personal_data_download"))
    assert response.status_code == 200 and response.streaming
    downloaded = json.loads(b"".join(response.streaming_content))
    whole = json.loads(json.dumps(personal_data.export(world.analyst), cls=DjangoJSONEncoder))
    assert [row["commentaire"] for row in downloaded["transitions"]] == [f"Étape {index}" for index in range(10)]
    assert {**downloaded, "genere_le": None} == {**whole, "genere_le": None}
