from decimal import Decimal

import pytest

from scoring import ranking
from scoring.aggregation import DISAGREEMENT_THRESHOLD
from tests import factories
from tests.scoring.reviewing import (
    put_in_state,
    reviewer_in,
    rubric_for,
    submitted_proposal,
    submitted_review,
)


@pytest.fixture
def scored(world):
    """Three proposals, a harsh and a lenient reviewer: raw means and z-scores disagree on the winner."""
    rubric_for(world.call)
    harsh, lenient = reviewer_in(world.program), reviewer_in(world.program)
    a = submitted_proposal(world, title="A", requested_amount=Decimal("50000"))
    b = submitted_proposal(world, title="B", requested_amount=Decimal("30000"))
    c = submitted_proposal(world, title="C", requested_amount=Decimal("40000"))
    # Harsh: A 0.2, B 0.6 (B is harsh's best). Lenient: A 1.0, C 0.8 (A is lenient's best).
    submitted_review(a, harsh, world.analyst, 0.2)
    submitted_review(b, harsh, world.analyst, 0.6)
    submitted_review(a, lenient, world.analyst, 1.0)
    submitted_review(c, lenient, world.analyst, 0.8)
    return a, b, c


def test_raw_ranking_orders_by_mean_with_summary_figures(world, scored):
    a, b, c = scored
    rows = ranking.rank_call(world.call)
    assert [row.proposal for row in rows] == [c, b, a]
    by_title = {row.proposal.title: row for row in rows}
    assert by_title["A"].mean == pytest.approx(60) and by_title["A"].median == pytest.approx(60)
    assert by_title["A"].spread == pytest.approx(80) and by_title["A"].disagreement
    assert by_title["A"].review_count == 2 and by_title["C"].review_count == 1
    assert not by_title["C"].disagreement and by_title["C"].spread == 0
    assert [row.rank for row in rows] == [1, 2, 3]
    assert all(row.axis_means for row in rows)


def test_zscore_ranking_corrects_harsh_and_lenient_reviewers(world, scored):
    a, b, c = scored
    rows = ranking.rank_call(world.call, method="zscore")
    scores = {row.proposal.title: row.score for row in rows}
    # Each reviewer's best gets 65, their worst 35; A is worst for one and best for the other.
    # The lenient reviewer's 80 for C was their lowest mark: C drops from first to last.
    assert scores == {"A": pytest.approx(50), "B": pytest.approx(65), "C": pytest.approx(35)}
    assert [row.proposal for row in rows] == [b, a, c]


def test_unreviewed_then_eliminated_proposals_come_last_and_drafts_are_left_out(world, scored):
    a, b, c = scored
    submitted_proposal(world, title="Sans évaluation")
    eliminated = submitted_proposal(world, title="Inadmissible")
    submitted_review(eliminated, reviewer_in(world.program), world.analyst, 1.0, passed=False)
    factories.ProposalFactory(call=world.call, title="Brouillon")
    put_in_state(submitted_proposal(world, title="Retirée"), "withdrawn")
    rows = ranking.rank_call(world.call)
    titles = [row.proposal.title for row in rows]
    assert titles[-2:] == ["Sans évaluation", "Inadmissible"]
    assert "Brouillon" not in titles and "Retirée" not in titles
    assert rows[-1].eliminated and rows[-2].score is None and rows[-2].review_count == 0


def test_draft_reviews_do_not_count_in_the_ranking(world, scored):
    from tests.scoring.reviewing import active_review

    a, _b, _c = scored
    active_review(a, reviewer_in(world.program), world.analyst)
    row = next(row for row in ranking.rank_call(world.call) if row.proposal == a)
    assert row.review_count == 2


def test_unknown_method_is_refused(world):
    with pytest.raises(ValueError):
        ranking.rank_call(world.call, method="best")


def _grow(world, count):
    rubric_for(world.call) if not world.call.rubrics.exists() else None
    for _ in range(count):
        proposal = submitted_proposal(world)
        proposal.mrcs.add(factories.MrcFactory())
        submitted_review(proposal, reviewer_in(world.program), world.analyst, 0.5)


@pytest.mark.parametrize("method", ranking.METHODS)
def test_rank_call_uses_a_constant_number_of_queries(world, django_assert_num_queries,
                                                    django_assert_max_num_queries, method):
    _grow(world, 2)
    with django_assert_max_num_queries(6) as small:
        ranking.rank_call(world.call, method=method)
    _grow(world, 6)
    with django_assert_num_queries(len(small.captured_queries)):
        rows = ranking.rank_call(world.call, method=method)
        assert all(len(row.proposal.mrcs.all()) == 1 for row in rows)
        assert all(row.proposal.organisation.legal_name for row in rows)


# --- the ranking page --------------------------------------------------------------------------


def test_ranking_page_shows_scores_amounts_and_running_total(client, world, scored):
    client.force_login(world.analyst)
    response = client.get(f"/evaluation/appels/{world.call.pk}/classement/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "moyenne brute" in content
    assert content.index(">C<") < content.index(">B<") < content.index(">A<")
    assert "120\u00a0000,00\u00a0$" in content or "120 000,00 $" in content  # 40 000 + 30 000 + 50 000
    assert "désaccord" in content
    zscore = client.get(f"/evaluation/appels/{world.call.pk}/classement/?method=zscore").content.decode()
    assert "cote z" in zscore and zscore.index(">B<") < zscore.index(">A<")


def test_ranking_page_filters_and_sorts(client, world, scored):
    a, b, c = scored
    mrc = factories.MrcFactory(parent=world.program.region)
    b.mrcs.add(mrc)
    axis = factories.AxisFactory(program=world.program)
    type(c).objects.filter(pk=c.pk).update(primary_axis=axis)
    client.force_login(world.analyst)
    url = f"/evaluation/appels/{world.call.pk}/classement/"

    def titles(query):
        return [row["row"].proposal.title for row in client.get(url + query).context["table"]]

    assert titles(f"?mrc={mrc.pk}") == ["B"]
    assert titles(f"?axis={axis.pk}") == ["C"]
    assert "Note de l'axe" in client.get(f"{url}?axis={axis.pk}").content.decode()
    assert titles("?kind=cooperative") == []
    assert titles("?kind=obnl&sort=amount") == ["B", "C", "A"]
    assert titles("?sort=title") == ["A", "B", "C"]
    assert titles("?mrc=abc&sort=nonsense") == ["C", "B", "A"]


def test_running_total_flags_the_envelope(client, world, scored):
    world.program.envelope = Decimal("75000")
    world.program.save()
    client.force_login(world.analyst)
    table = client.get(f"/evaluation/appels/{world.call.pk}/classement/").context["table"]
    assert [line["within"] for line in table] == [True, True, False]


def test_running_total_is_held_against_the_envelope_left(client, world, scored):
    world.program.envelope = Decimal("100000")
    world.program.save()
    # Granted in another call of the same program: it still reduces what this call can get.
    other_call = factories.CallFactory(program=world.program)
    factories.ProposalFactory(call=other_call, state="funded", amount_granted=Decimal("35000"))
    factories.ProposalFactory(call=other_call, state="recommended", suggested_amount=Decimal("99999"))
    client.force_login(world.analyst)
    response = client.get(f"/evaluation/appels/{world.call.pk}/classement/")
    assert response.context["envelope_left"] == Decimal("65000")
    # C 40 000 fits; with B the cumulative 70 000 is within the envelope but not within what is left.
    assert [line["within"] for line in response.context["table"]] == [True, False, False]
    page = response.content.decode().replace("\u202f", " ").replace("\u00a0", " ")
    assert "100 000,00 $" in page and "35 000,00 $" in page and "65 000,00 $" in page
    assert "Enveloppe restante" in page


@pytest.mark.parametrize("persona", ["reviewer", "applicant", "outside_analyst", "nobody"])
def test_ranking_page_is_404_for_everyone_but_program_staff(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(f"/evaluation/appels/{world.call.pk}/classement/").status_code == 404


def test_ranking_page_is_403_for_the_programs_board(client, world):
    """The board knows the program's files but the ranking is the analysts' and managers' work."""
    client.force_login(world.board)
    assert client.get(f"/evaluation/appels/{world.call.pk}/classement/").status_code == 403


def test_ranking_page_query_count_is_constant(client, world, django_assert_max_num_queries):
    _grow(world, 2)
    client.force_login(world.manager)
    url = f"/evaluation/appels/{world.call.pk}/classement/"
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    _grow(world, 5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_calls_index_lists_the_calls_this_person_ranks(client, world):
    other_call = factories.CallFactory()
    client.force_login(world.analyst)
    content = client.get("/evaluation/appels/").content.decode()
    assert world.call.title in content and other_call.title not in content


def test_disagreement_threshold_is_twenty_points():
    assert DISAGREEMENT_THRESHOLD == 20
