"""Staff search: French full text on PostgreSQL (accents, plurals, typos), the same visibility as the pages,
and the similar-projects section and its mark on the staff page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants import similarity
from grants.models import OverlapMark, Proposal
from grants.states import State
from tests import factories
from tests.grants.seed_texts import near_copy, sections, seed
from workflow import search

pytestmark = pytest.mark.django_db


def filed(call, organisation, text, state=State.SUBMITTED, **extra):
    proposal = factories.ProposalFactory(call=call, organisation=organisation, **{**sections(text), **extra})
    Proposal.objects.filter(pk=proposal.pk).update(state=state)
    return Proposal.objects.get(pk=proposal.pk)


def found(user, q, **filters):
    return search.search(user, {"q": q, **filters})


@pytest.mark.usefixtures("require_postgres")
def test_accents_and_plurals_match(world):
    team = filed(world.call, world.organisation, seed(2))  # « équipe », « famille »
    families = filed(world.call, world.other_organisation, seed(4))  # « familles »
    assert team in found(world.analyst, "equipe").proposals
    assert families in found(world.analyst, "famille").proposals
    assert team in found(world.analyst, "familles").proposals


@pytest.mark.usefixtures("require_postgres")
def test_the_title_weighs_most_and_extracts_are_highlighted(world):
    in_title = filed(world.call, world.organisation, seed(3), title="Jardin collectif de quartier")
    in_text = filed(world.call, world.organisation, seed(3), objectives="Un jardin pour le quartier. " * 3)
    rows = found(world.analyst, "jardin").proposals
    assert rows[:2] == [in_title, in_text]
    assert "<mark>jardin</mark>" in rows[1].extract.lower()


@pytest.mark.usefixtures("require_postgres")
def test_a_typo_in_an_organisations_name_still_finds_it(world):
    organisation = factories.OrganisationFactory(legal_name="Carrefour communautaire Rochebelle")
    filed(world.call, organisation, seed(3))
    assert organisation in found(world.analyst, "Carefour comunautaire Rochebel").organisations


def test_drafts_reviewers_and_other_programs_see_nothing(world):
    visible = filed(world.call, world.organisation, seed(2), title="Cuisine collective")
    draft = filed(world.call, world.organisation, seed(2), state=State.DRAFT, title="Cuisine collective")
    factories.PartnerFactory(proposal=visible, name="Cuisine partenaire")
    assert found(world.analyst, "cuisine").proposals == [visible]
    assert draft not in found(world.admin, "cuisine").proposals
    for person in (world.reviewer, world.outside_analyst, world.applicant):
        results = found(person, "cuisine")
        assert results.proposals == [] and results.organisations == [] and results.partners == []
    # The board sees proposals from the decision stage on, as on the pages.
    assert found(world.board, "cuisine").proposals == []


def test_filters_narrow_the_results(world):
    first = filed(world.call, world.organisation, seed(2), title="Cuisine collective")
    other_call = factories.CallFactory(program=world.program)
    filed(other_call, world.organisation, seed(2), title="Cuisine collective bis")
    assert found(world.analyst, "cuisine", call=world.call).proposals == [first]
    assert found(world.analyst, "cuisine", state=State.FUNDED).proposals == []


def test_the_search_page_answers_staff_and_refuses_others(client, world):
    filed(world.call, world.organisation, seed(2), title="Cuisine collective")
    client.force_login(world.analyst)
    page = client.get(reverse("workflow:search"), {"q": "cuisine"})
    assert page.status_code == 200 and "Cuisine collective" in page.text
    client.force_login(world.reviewer)
    assert client.get(reverse("workflow:search"), {"q": "cuisine"}).status_code == 403


def test_the_staff_page_lists_similar_projects_and_the_mark_removes_the_warning(client, world):
    text = seed(2)
    base = filed(world.call, world.organisation, text)
    copy = filed(world.call, world.organisation, near_copy(text), state=State.FUNDED)
    similarity.compute(base.pk)
    client.force_login(world.analyst)
    page = client.get(reverse("workflow:detail", args=[base.pk]))
    assert "Projets semblables" in page.text and "Risque de double financement" in page.text
    answer = client.post(reverse("workflow:mark_overlap", args=[base.pk, copy.pk]),
                         {"kind": "complementary", "reason": "Volets complémentaires."})
    assert answer.status_code == 302
    assert OverlapMark.objects.get().kind == "complementary"
    page = client.get(reverse("workflow:detail", args=[base.pk]))
    assert "Risque de double financement" not in page.text and "Volets complémentaires." in page.text


@pytest.mark.usefixtures("require_postgres")
def test_when_many_match_the_latest_are_ranked_and_the_page_says_so(world, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 2)
    monkeypatch.setattr(search, "WINDOWS", (1, 3, None))
    oldest = filed(world.call, world.organisation, seed(3), title="Cuisine collective d'autrefois")
    newer = [filed(world.call, world.organisation, seed(3), title="Cuisine collective") for _ in range(2)]
    results = found(world.analyst, "cuisine")
    assert results.capped and sorted(row.pk for row in results.proposals) == sorted(row.pk for row in newer)
    # A rarer word is looked for further back, window after window.
    rare = found(world.analyst, "autrefois")
    assert rare.proposals == [oldest] and not rare.capped


@pytest.mark.usefixtures("require_postgres")
def test_a_partners_name_with_a_typo_is_found_and_the_closest_comes_first(world):
    proposal = filed(world.call, world.organisation, seed(3))
    factories.PartnerFactory(proposal=proposal, name="Maison de la famille du Granit")
    factories.PartnerFactory(proposal=proposal, name="Centre communautaire Saint-Jean")
    factories.PartnerFactory(proposal=proposal, name="Centre d'action bénévole")
    names = [partner.name for partner in found(world.analyst, "Centre comunautaire St-Jean").partners]
    assert names[0] == "Centre communautaire Saint-Jean"
    assert "Maison de la famille du Granit" not in names


@pytest.mark.usefixtures("require_postgres")
def test_reports_match_without_accents_nor_plurals_for_their_programs_staff_only(world):
    funded = filed(world.call, world.organisation, seed(3), state=State.FUNDED)
    agreement = factories.AgreementFactory(proposal=funded)
    report = factories.ReportFactory(agreement=agreement, narrative="Les équipes de bénévoles ont accueilli "
                                     "quarante familles.")
    factories.ReportFactory(agreement=agreement, narrative="Rien à signaler.")
    assert found(world.analyst, "equipe famille").reports == [report]
    assert found(world.analyst, "équipes absentes").reports == []
    for person in (world.outside_analyst, world.reviewer):
        assert found(person, "equipe famille").reports == []


@pytest.mark.usefixtures("require_postgres")
def test_the_board_finds_no_report_of_a_proposal_it_may_not_see_the_analyst_does(world):
    withdrawn = filed(world.call, world.organisation, seed(3), state=State.FUNDED)
    report = factories.ReportFactory(agreement=factories.AgreementFactory(proposal=withdrawn),
                                     narrative="Les équipes de bénévoles.")
    Proposal.objects.filter(pk=withdrawn.pk).update(state=State.WITHDRAWN)
    assert found(world.analyst, "équipe").reports == [report]
    assert found(world.manager, "équipe").reports == [report]
    assert found(world.board, "équipe").reports == []
    assert found(world.admin, "équipe").reports == [report]


@pytest.mark.usefixtures("require_postgres")
def test_the_reports_windows_start_at_the_programs_latest_report_and_read_no_proposal(world, monkeypatch):
    """The windows started from the table's latest report: when other programs had filed since, the program's
    reports were in none of the bounded windows and a common word read every matching report of the
    table (29 s at 1,000,000 reports)."""
    monkeypatch.setattr(search, "CANDIDATES", 1)
    monkeypatch.setattr(search, "WINDOWS", (2, None))
    monkeypatch.setattr(search, "RECENT", 1)  # the program's newest report, then the windows below it
    monkeypatch.setattr(search, "MORE", 0)  # no further newest rows: the windows
    mine = factories.ReportFactory(agreement=factories.AgreementFactory(
        proposal=filed(world.call, world.organisation, seed(3), state=State.FUNDED)), narrative="Les équipes.")
    elsewhere = factories.CallFactory(program=world.outside_analyst.program_roles.get().program)
    for _ in range(4):
        factories.ReportFactory(agreement=factories.AgreementFactory(
            proposal=filed(elsewhere, world.other_organisation, seed(3), state=State.FUNDED)), narrative="Équipes.")
    with CaptureQueriesContext(connection) as queries:
        assert found(world.analyst, "équipe").reports == [mine]
    windows = [query["sql"] for query in queries if query["sql"].startswith('SELECT "grants_report"."id" AS "pk"')]
    assert len(windows) == 1  # found in the first window
    assert "grants_proposal" not in windows[0] and '"grants_report"."program_id" IN' in windows[0]
    # A filter on the proposals goes through them: its reports all tested when they are few, else in windows.
    for few, first in ((search.FEW, "SELECT array_agg(id) FROM (SELECT"), (0, 'SELECT "grants_report"."id" AS "pk"')):
        monkeypatch.setattr(search, "FEW", few)
        with CaptureQueriesContext(connection) as queries:
            assert found(world.analyst, "équipe", state=State.FUNDED).reports == [mine]
        assert any("grants_proposal" in query["sql"] for query in queries if query["sql"].startswith(first))


@pytest.mark.usefixtures("require_postgres")
def test_the_proposals_windows_start_at_the_programs_latest_filed_proposal(world, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 1)
    monkeypatch.setattr(search, "WINDOWS", (2, None))
    monkeypatch.setattr(search, "RECENT", 1)  # the program's newest proposal, then the windows below it
    monkeypatch.setattr(search, "MORE", 0)  # no further newest rows: the windows
    mine = filed(world.call, world.organisation, seed(2))
    elsewhere = factories.CallFactory(program=world.outside_analyst.program_roles.get().program)
    for _ in range(4):
        filed(elsewhere, world.other_organisation, seed(2))
    with CaptureQueriesContext(connection) as queries:
        assert found(world.analyst, "équipe").proposals == [mine]
    windows = [query["sql"] for query in queries if query["sql"].startswith('SELECT "grants_proposal"."id" AS "pk"')]
    assert len(windows) == 1  # found in the first window


def _report(call, organisation, narrative):
    return factories.ReportFactory(agreement=factories.AgreementFactory(
        proposal=filed(call, organisation, seed(3), state=State.FUNDED)), narrative=narrative)


@pytest.mark.usefixtures("require_postgres")
def test_a_word_in_the_newest_reports_is_found_there_without_the_index_of_words(world, monkeypatch):
    """A common word ("projet", in three reports out of four) was looked up in the index of words, which lists
    every report holding it (70 ms at 960,000 reports), and each row of the window had its vector computed
    again (0.1 ms each): 0.2 s. The programs' newest reports are read first, their stored vectors tested."""
    monkeypatch.setattr(search, "CANDIDATES", 2)
    monkeypatch.setattr(search, "RECENT", 3)
    reports = [_report(world.call, world.organisation, "Les équipes du projet.") for _ in range(4)]
    with CaptureQueriesContext(connection) as queries:
        assert found(world.analyst, "équipe").reports == reports[:-3:-1]
    assert not [query for query in queries if query["sql"].startswith('SELECT "grants_report"."id" AS "pk"')]


def _two_programs_read_two_rows_then_windows(world, monkeypatch):
    """The analyst's program and a second one, a (call, organisation) each; 3 matches wanted, 2 newest rows read
    (one per program), then windows of 2 ids."""
    monkeypatch.setattr(search, "CANDIDATES", 3)
    monkeypatch.setattr(search, "RECENT", 2)
    monkeypatch.setattr(search, "MORE", 0)  # no further newest rows: the windows
    monkeypatch.setattr(search, "WINDOWS", (2, None))
    other_call = factories.CallFactory()
    factories.ProgramRoleFactory(user=world.analyst, program=other_call.program)
    return (world.call, world.organisation), (other_call, world.other_organisation)


@pytest.mark.usefixtures("require_postgres")
def test_the_newest_reports_then_the_windows_give_the_newest_matches_of_every_program(world, monkeypatch):
    """The programs' RECENT newest reports are read, shared out among them; below the newest of each one's
    oldest, some program's reports were not all read: the windows go on from there, so that the matches are the
    newest of all programs."""
    first, second = _two_programs_read_two_rows_then_windows(world, monkeypatch)
    made = [(_report(*where, narrative), "équipe" in narrative) for where, narrative in (
        (first, "Les équipes."), (second, "Une équipe."), (first, "Rien."), (second, "Deux équipes."),
        (first, "Trois équipes."), (second, "Une équipe."), (first, "Quatre équipes."), (second, "Rien."))]
    newest_matches = [report for report, matches in reversed(made) if matches][:3]
    assert found(world.analyst, "équipe").reports == newest_matches
    # Only the first program's: its own newest.
    assert found(world.analyst, "équipe", program=world.program).reports == [
        report for report, matches in reversed(made) if matches and report.program_id == world.program.pk][:3]


@pytest.mark.usefixtures("require_postgres")
def test_a_filter_keeping_few_reports_has_them_tested_without_the_index_of_words(world, monkeypatch):
    """A filter on the proposals keeping few reports, or none ("submitted": no report yet), read the index of
    words window after window (four windows of 20 ms for "projet" at 960,000 reports, to find nothing)."""
    monkeypatch.setattr(search, "FEW", 3)
    funded = filed(world.call, world.organisation, seed(3), state=State.FUNDED)
    agreement = factories.AgreementFactory(proposal=funded)
    kept = [factories.ReportFactory(agreement=agreement, narrative=text) for text in ("Les équipes.", "Rien.")]
    other = factories.AgreementFactory(proposal=filed(world.call, world.other_organisation, seed(3),
                                                      state=State.REPORTED))
    factories.ReportFactory(agreement=other, narrative="Une équipe.")
    with CaptureQueriesContext(connection) as queries:
        assert found(world.analyst, "équipe", state=State.FUNDED).reports == kept[:1]
        assert found(world.analyst, "équipe", state=State.SUBMITTED).reports == []
    assert not [query for query in queries if query["sql"].startswith('SELECT "grants_report"."id" AS "pk"')]
    # More than FEW: the programs' newest reports, their matches checked against the filter by id; or the windows.
    more = factories.ReportFactory.create_batch(3, agreement=agreement, narrative="Des équipes.")
    expected = sorted([kept[0], *more], key=lambda report: -report.pk)
    assert found(world.analyst, "équipe", state=State.FUNDED).reports == expected
    monkeypatch.setattr(search, "RECENT", 1)
    monkeypatch.setattr(search, "MORE", 0)  # no further newest rows: the windows
    with CaptureQueriesContext(connection) as queries:
        assert found(world.analyst, "équipe", state=State.FUNDED).reports == expected
    assert [query for query in queries if query["sql"].startswith('SELECT "grants_report"."id" AS "pk"')]


@pytest.mark.usefixtures("require_postgres")
@pytest.mark.parametrize("text, valid", [("-projet", False), ("projet or -famille", False), ("-zzz -aaa", False),
                                         ("famille -projet", True), ("projet", True), ('"-projet"', True)])
def test_a_search_must_name_a_word_to_find(client, world, text, valid):
    """Only excluded words read the whole index of words, window after window: 0.4 s at 100,000 proposals."""
    form = search.SearchForm(world.analyst, {"q": text})
    assert form.is_valid() is valid
    if not valid:
        client.force_login(world.analyst)
        response = client.get(reverse("workflow:search"), {"q": text})
        assert response.status_code == 200
        assert "aucun mot à trouver" in response.content.decode()


@pytest.mark.parametrize("person", ["analyst", "admin"])
def test_the_forms_lists_are_the_persons_programs_options_read_in_one_statement(world, person):
    """Four lists read as four server-side cursors (declare, fetch, close) cost 6–9 ms of the page."""
    from grants.models import Axis, Call, Territory
    from workflow.selectors import staff_programs

    user = getattr(world, person)
    factories.CallFactory(program=world.outside_analyst.program_roles.get().program)
    programs = list(staff_programs(user))
    expected = {
        "program": [(row.pk, str(row)) for row in programs],
        "call": [(row.pk, str(row.title)) for row in Call.objects.filter(program__in=programs).order_by("-opens_at", "id")],
        "mrc": [(row.pk, row.name) for row in Territory.objects.filter(
            kind="mrc", parent_id__in=[program.region_id for program in programs]).order_by("name", "id")],
        "axis": [(row.pk, str(row)) for row in Axis.objects.filter(program__in=programs)],
    }
    with CaptureQueriesContext(connection) as queries:
        form = search.SearchForm(user)
        listed = {name: [(value, str(label)) for value, label in form.fields[name].choices][1:] for name in expected}
    assert listed == expected
    assert len(queries) == 1
    assert (person == "admin") == (len(expected["program"]) > 1)


@pytest.mark.usefixtures("require_postgres")
def test_a_word_in_the_newest_proposals_is_found_there_then_in_windows_below(world, monkeypatch):
    """Proposals too: the programs' newest filed proposals are read first (a draft never), then the windows go
    on below the newest of each program's oldest read, so that the matches are the newest of all programs."""
    first, second = _two_programs_read_two_rows_then_windows(world, monkeypatch)
    made = [(filed(*where, seed(1), title=title), "xylophone" in title.lower()) for where, title in (
        (first, "Atelier xylophone"), (second, "Chorale xylophone"), (first, "Rien"), (second, "Xylophones"),
        (first, "Fanfare xylophone"), (second, "Rien non plus"), (first, "Xylophone du quartier"))]
    factories.ProposalFactory(call=world.call, organisation=world.organisation, title="Brouillon xylophone")
    newest_matches = {proposal.pk for proposal, matches in made if matches}
    found_now = {proposal.pk for proposal in found(world.analyst, "xylophone").proposals}
    assert found_now == set(sorted(newest_matches, reverse=True)[:3])
    # Enough among the newest: no window.
    monkeypatch.setattr(search, "RECENT", 100)
    with CaptureQueriesContext(connection) as queries:
        assert {row.pk for row in found(world.analyst, "xylophone").proposals} == set(
            sorted(newest_matches, reverse=True)[:3])
    assert not [query for query in queries if query["sql"].startswith('SELECT "grants_proposal"."id" AS "pk"')]


@pytest.mark.usefixtures("require_postgres")
def test_too_few_but_frequent_matches_among_the_newest_have_the_next_newest_read_not_the_index(world, monkeypatch):
    """"projet" among the funded files' reports: one in five of the newest, too few; a window of the index of
    words below them cost 22 ms at 960,000 reports. As many further newest rows as the matches met so far say
    are needed (at most MORE) are read instead, each program going on below its oldest row read."""
    monkeypatch.setattr(search, "CANDIDATES", 3)
    monkeypatch.setattr(search, "RECENT", 2)
    monkeypatch.setattr(search, "WINDOWS", (2, None))
    made = [_report(world.call, world.organisation, text) for text in (
        "Une équipe.", "Rien.", "Deux équipes.", "Trois équipes.", "Rien.", "Quatre équipes.")]
    newest_matches = [made[5], made[3], made[2]]
    with CaptureQueriesContext(connection) as queries:
        assert found(world.analyst, "équipe").reports == newest_matches
    assert not [query for query in queries if query["sql"].startswith('SELECT "grants_report"."id" AS "pk"')]
    # The same matches through the windows when no further row may be read.
    monkeypatch.setattr(search, "MORE", 0)
    with CaptureQueriesContext(connection) as queries:
        assert found(world.analyst, "équipe").reports == newest_matches
    assert [query for query in queries if query["sql"].startswith('SELECT "grants_report"."id" AS "pk"')]


@pytest.mark.usefixtures("require_postgres")
def test_fewer_matches_expected_than_wanted_have_the_last_window_read_alone(world, monkeypatch):
    """A rare match ("famille -projet": in no proposal of 100,000) is not cut by the range of ids: each window
    read the words' whole entries of the index, four windows of 9 ms to find nothing. When the planner expects
    fewer matches in all than are wanted, only the last, unbounded window is read."""
    monkeypatch.setattr(search, "CANDIDATES", 3)
    monkeypatch.setattr(search, "RECENT", 2)
    monkeypatch.setattr(search, "WINDOWS", (2, 4, None))
    oldest = filed(world.call, world.organisation, seed(1), title="Atelier xylophone")
    for title in ("Rien", "Rien non plus", "Toujours rien", "Encore rien", "Plus rien"):
        filed(world.call, world.organisation, seed(1), title=title)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE grants_proposal")  # the planner's figures for these rows
    with CaptureQueriesContext(connection) as queries:
        assert found(world.analyst, "xylophone").proposals == [oldest]
    windows = [query["sql"] for query in queries if query["sql"].startswith('SELECT "grants_proposal"."id" AS "pk"')]
    assert len(windows) == 1 and '"grants_proposal"."id" > ' not in windows[0]
