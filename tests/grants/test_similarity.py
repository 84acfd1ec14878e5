"""Similar projects on real French texts: a near-copy first, an unrelated one not listed, permissions, the
double-funding warning and the analyst's mark that makes it go away."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse

from core.errors import InvalidInput, NotFound
from core.models import ActivityLog
from grants import similar_projects, similarity, tasks
from grants.models import OverlapMark, Proposal, ProposalSimilarity
from grants.services import overlaps
from grants.states import State
from tests import factories
from tests.grants.seed_texts import near_copy, sections, seed


def filed(call, organisation, text, state=State.SUBMITTED, **extra):
    proposal = factories.ProposalFactory(call=call, organisation=organisation, **{**sections(text), **extra})
    Proposal.objects.filter(pk=proposal.pk).update(state=state)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def files(world):
    base_text = seed(2)
    base = filed(world.call, world.organisation, base_text)
    copy = filed(factories.CallFactory(program=world.program), world.organisation, near_copy(base_text),
                 state=State.FUNDED)
    related = filed(world.call, world.other_organisation, seed(3))
    unrelated = filed(world.call, world.other_organisation, seed(0))
    return base, copy, related, unrelated


def test_text_similarity_sees_a_near_copy_and_not_another_project():
    text = seed(2)
    found = similarity.text_similarities(similarity.words(text), {
        "copy": similarity.words(near_copy(text)), "other": similarity.words(seed(0))})
    assert found["copy"] > 0.8
    assert found["other"] < 0.3


def test_words_fold_accents_and_plurals():
    assert similarity.words("Les équipes des familles") == similarity.words("equipe famille")


def test_a_near_copy_is_found_first_and_an_unrelated_one_is_not_listed(files, world):
    base, copy, related, unrelated = files
    similarity.compute(base.pk)
    listed = [item.other for item in similar_projects.similar_for(world.analyst, base)]
    assert listed[0] == copy
    assert unrelated not in listed
    first = similar_projects.similar_for(world.analyst, base)[0]
    assert first.signals["same_organisation"] and first.signals["dates"]
    assert first.double_funding  # same organisation, near-copy, overlapping dates, the other funded


def test_similarities_are_kept_both_ways(files, world):
    base, copy, _related, _unrelated = files
    similarity.compute(base.pk)
    assert [item.other for item in similar_projects.similar_for(world.analyst, copy)][0] == base


def test_shared_partners_and_territory_are_signals(files, world):
    base, copy, _related, _unrelated = files
    mrc = factories.MrcFactory(parent=world.program.region)
    for proposal in (base, copy):
        proposal.mrcs.add(mrc)
        factories.PartnerFactory(proposal=proposal, name="Centre d'action bénévole")
    similarity.compute(base.pk)
    signals = similar_projects.similar_for(world.analyst, base)[0].signals
    assert signals["territory"] is True
    assert signals["shared_partners"] == ["centre d'action bénévole"]


def test_a_draft_is_never_compared_nor_listed(files, world):
    base, _copy, _related, _unrelated = files
    draft = filed(world.call, world.organisation, seed(2), state=State.DRAFT)
    assert similarity.compute(draft.pk) == 0
    similarity.compute(base.pk)
    assert not ProposalSimilarity.objects.filter(other=draft).exists()


def test_reviewer_and_another_programs_analyst_see_nothing(files, world):
    base, copy, _related, _unrelated = files
    similarity.compute(base.pk)
    assert similar_projects.similar_for(world.reviewer, base) == []
    assert similar_projects.similar_for(world.outside_analyst, base) == []
    assert similar_projects.double_funding(world.outside_analyst, [base.pk]) == {}
    assert list(similar_projects.double_funding(world.analyst, [base.pk])) == [base.pk]


def test_a_proposal_of_a_program_the_analyst_does_not_see_is_not_named(world):
    text = seed(2)
    base = filed(world.call, world.organisation, text)
    elsewhere = filed(factories.CallFactory(), world.organisation, near_copy(text), state=State.FUNDED)
    similarity.compute(base.pk)
    assert ProposalSimilarity.objects.filter(proposal=base, other=elsewhere).exists()
    assert similar_projects.similar_for(world.analyst, base) == []
    assert [item.other for item in similar_projects.similar_for(world.admin, base)] == [elsewhere]


def test_the_not_an_overlap_mark_sticks_and_is_logged(files, world):
    base, copy, _related, _unrelated = files
    similarity.compute(base.pk)
    overlaps.mark(world.analyst, copy, base, OverlapMark.Kind.NOT_OVERLAP, "Deux volets distincts.")
    assert similar_projects.double_funding(world.analyst, [base.pk, copy.pk]) == {}
    similarity.compute(base.pk)  # recomputed later: the judgement stays
    first = similar_projects.similar_for(world.analyst, base)[0]
    assert first.other == copy and not first.double_funding and first.mark.reason == "Deux volets distincts."
    assert ActivityLog.objects.filter(action="overlap_marked", actor=world.analyst).count() == 2


def test_a_mark_needs_a_reason_and_an_analyst_of_both(files, world):
    base, copy, related, _unrelated = files
    with pytest.raises(InvalidInput):
        overlaps.mark(world.analyst, base, copy, OverlapMark.Kind.COMPLEMENTARY, " ")
    with pytest.raises(NotFound):
        overlaps.mark(world.outside_analyst, base, copy, OverlapMark.Kind.COMPLEMENTARY, "Motif.")
    with pytest.raises(NotFound):
        overlaps.mark(world.board, base, related, OverlapMark.Kind.COMPLEMENTARY, "Motif.")
    assert not OverlapMark.objects.exists()


def test_the_sweep_hands_over_proposals_never_computed(files, monkeypatch):
    base, *_others = files
    published = []
    monkeypatch.setattr(tasks.PUBLISHER, "publish", lambda task, ids: published.extend(ids) or len(ids))
    assert tasks.sweep_similarities()["missing"] == 4
    similarity.compute(base.pk)
    published.clear()
    tasks.sweep_similarities()
    assert base.pk not in published and len(published) == 3


def test_the_ranking_and_the_packet_show_the_warning_until_marked(files, world, rf):
    base, copy, _related, _unrelated = files
    Proposal.objects.filter(pk=copy.pk).update(call=world.call)
    Proposal.objects.filter(pk=base.pk).update(state=State.RECOMMENDED)
    similarity.compute(base.pk)
    request = rf.get("/")
    request.user = world.analyst
    items = [type("Item", (), {"proposal": Proposal.objects.get(pk=base.pk)})()]
    ranking = render_to_string("grants/similarity/ranking_warnings.html", {"table": _lines(base)}, request=request)
    packet = render_to_string("grants/similarity/packet_warnings.html", {"items": items})
    assert "Risque de double financement" in ranking and copy.title in ranking
    assert "Risque de double financement" in packet
    overlaps.mark(world.analyst, base, copy, OverlapMark.Kind.COMPLEMENTARY, "Volets complémentaires.")
    assert "Risque" not in render_to_string("grants/similarity/packet_warnings.html", {"items": items})


def _lines(*proposals):
    """Lines of a ranking page (scoring.ranking_pages): each line's row holds its proposal."""
    return [{"row": SimpleNamespace(proposal=proposal)} for proposal in proposals]


def test_the_ranking_reads_the_warnings_of_its_page_rows_only(files, world, rf, django_assert_max_num_queries):
    base, copy, related, _unrelated = files
    Proposal.objects.filter(pk=base.pk).update(state=State.RECOMMENDED)
    similarity.compute(base.pk)
    request = rf.get("/")
    request.user = world.analyst
    # The page shows another proposal of the call: the base's warning is not read, nor shown.
    page = render_to_string("grants/similarity/ranking_warnings.html", {"table": _lines(related)}, request=request)
    assert "Risque" not in page
    with django_assert_max_num_queries(4):
        page = render_to_string("grants/similarity/ranking_warnings.html", {"table": _lines(related, base)},
                                request=request)
    assert "Risque de double financement" in page and copy.title in page
    assert render_to_string("grants/similarity/ranking_warnings.html", {"table": []}, request=request).strip() == ""


@pytest.mark.usefixtures("require_postgres")
def test_with_the_planners_statistics_the_rarest_words_find_a_near_copy(files, world, monkeypatch):
    """At scale the text candidates come from the proposal's rarest lexemes (pg_stats of the search vector),
    AND-grouped when common: a near-copy filed by another organisation is still found, and listed first."""
    base, _copy, _related, unrelated = files
    stranger = filed(world.call, factories.OrganisationFactory(), near_copy(seed(2)))
    for number in (0, 1, 3, 4, 0, 1, 3, 4):
        filed(world.call, world.other_organisation, seed(number))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE grants_proposal")
    grouped = []
    real = similarity._grouped
    monkeypatch.setattr(similarity, "_grouped", lambda *args: grouped.append(args) or real(*args))
    candidates = similarity._text_candidates(base, similarity.words(similarity.text_of(base)))
    assert grouped, "the statistics' path was not taken"
    assert stranger.pk in candidates
    similarity.compute(base.pk)
    listed = [item.other for item in similar_projects.similar_for(world.analyst, base)]
    assert stranger in listed[:2] and unrelated not in listed


def test_the_ranking_page_warns_on_its_own_rows(client, files, world):
    base, copy, _related, _unrelated = files
    Proposal.objects.filter(pk=base.pk).update(state=State.RECOMMENDED)
    similarity.compute(base.pk)
    client.force_login(world.analyst)
    page = client.get(reverse("scoring:ranking", args=[world.call.pk]), {"section": "unreviewed"})
    assert page.status_code == 200 and base in [line["row"].proposal for line in page.context["table"]]
    assert "Risque de double financement" in page.text and copy.title in page.text


def test_groups_keep_the_expected_matches_under_the_budget():
    words = [f"mot{index}" for index in range(24)]
    common = dict.fromkeys(words, 0.2)
    query = similarity._grouped(words, common, 100_000)
    # 0.2 ** 3 * 100,000 * 8 groups = 6,400 > 500; 0.2 ** 4 * 100,000 * 6 groups = 960 > 500: the largest
    assert query.count("|") == 5 and query.count("&") == 18
    rare = dict.fromkeys(words, 0.0001)
    assert similarity._grouped(words, rare, 100_000).count("&") == 0
