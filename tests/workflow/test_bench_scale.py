"""bench_scale at a tiny size: every page gets a measured row and the rush loses nothing. No timing is
asserted (the figures are for the README); the rush's server is another process, so the data is committed
(transaction=True) and the command empties its database at the end."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from grants.models import Program, Proposal
from tests.factories import ProgramFactory
from workflow.bench_scale import dataset, sweep

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PAGES = ("layout alone", "analyst queue, first page", "queue, deep page", "queue filtered by analyst", "queue sorted by analyst",
         "queue sorted by organisation", "staff proposal detail", "ranking, call of", "commitments",
         "program results", "agreements, first page", "applicant dashboard", "reviewer page", "API proposals, first page",
         "API proposals, deep page", "API reports, deep page", "public portal, programs",
         "public portal, big program")


def rows(output, label):
    return [line for line in output.splitlines() if line.startswith(f"| {label}")]


def test_every_page_is_measured_and_the_rush_loses_nothing(require_postgres):
    out = StringIO()
    call_command("bench_scale", proposals=240, reports=1200, repeat=1, applicants=6, drafts_each=2, workers=1,
                 stdout=out)
    output = out.getvalue()
    for label in PAGES:
        (row,) = rows(output, label)
        assert "×" in row, row  # measured: a 200 with its ratio to the bare view, not "answered 500"
    (rush,) = rows(output, "submit page, POST")
    submits, _rate, _p50, _p95, errors, lost, duplicates = (cell.strip() for cell in rush.split("|")[2:9])
    assert (submits, errors, lost, duplicates) == ("12", "0", "0", "0")
    assert not Program.objects.exists() and not Proposal.objects.exists()  # emptied without --keep


def test_a_database_holding_other_programs_is_refused(require_postgres):
    ProgramFactory(code="parsis-cn")
    with pytest.raises(CommandError, match="other programs"):
        call_command("bench_scale", proposals=50, reports=100, no_rush=True, stdout=StringIO())
    assert Program.objects.count() == 1


def test_the_sweep_answers_every_admin_page_api_list_and_personal_page(require_postgres, settings):
    call_command("bench_scale", proposals=120, reports=300, keep=True, no_pages=True, no_rush=True, stdout=StringIO())
    settings.ROOT_URLCONF = "workflow.bench_scale.urls"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    printed = []
    try:
        found = sweep.sweep(dataset.describe(), printed.append)
    finally:
        dataset.drop()
    answered = {(who, url): status for _wall, _queries, status, _size, who, url in found}
    assert [key for key, status in answered.items() if status >= 500] == []
    assert answered[("admin", "/admin/scoring/review/")] == 200
    assert answered[("applicant", "/comptes/mes-donnees/")] == 200
    assert answered[("manager", "/api/v1/organisations/")] == 200
    assert [status for (who, url), status in answered.items() if "/candidates/?proposal=" in url] == [200]
    assert [status for (who, url), status in answered.items() if "/admin/" in url and "?q=" in url] == [200] * 12
    # The largest call's ranking under each sort and filter, the MRC one with an MRC of the call.
    ranked = {url.split("?")[1]: status for (_who, url), status in answered.items() if "/classement/?" in url}
    assert {"sort=organisation", "section=unreviewed", "method=zscore&sort=title&kind=obnl"} <= set(ranked)
    assert [query for query in ranked if query.startswith("mrc=")] != ["mrc=None"]
    assert set(ranked.values()) == {200}
    assert any(line.startswith("Over 100 ms: ") for line in printed)
