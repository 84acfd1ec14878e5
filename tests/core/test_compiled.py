"""A Compiled query gives, for each argument, what its queryset gives: rows, and model instances with their
select_related rows and annotations, without building the queryset again."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext

from core.compiled import Compiled, prefetched
from grants.models import Proposal
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def _with_call(pk):
    return (Proposal.objects.select_related("call__program", "organisation")
            .annotate(label=Concat(F("title"), Value(" / "), F("organisation__legal_name"))).filter(pk=pk))


def test_objects_match_the_queryset_for_each_argument():
    compiled = Compiled(_with_call)
    first = ProposalFactory(title="Cuisine collective", requested_amount=Decimal("12500.50"))
    second = ProposalFactory(title="Halte-garderie")
    for proposal in (first, second, first):
        expected = _with_call(proposal.pk).get()
        with CaptureQueriesContext(connection) as captured:
            [found] = compiled.objects(proposal.pk)
            call, program, organisation = found.call, found.call.program, found.organisation
        # The related rows came with it (on PostgreSQL the first run also prepares the statement: core.prepared).
        assert len([query for query in captured if not query["sql"].startswith("PREPARE")]) == 1
        assert type(found) is Proposal and found._state.adding is False and found._state.db == "default"
        assert (found.pk, found.title, found.requested_amount, found.state, found.submitted_at) == (
            expected.pk, expected.title, expected.requested_amount, expected.state, expected.submitted_at)
        assert found.label == f"{proposal.title} / {proposal.organisation.legal_name}"
        assert (call.pk, call.title, program.pk, program.code, organisation.legal_name) == (
            expected.call.pk, expected.call.title, expected.call.program.pk, expected.call.program.code,
            expected.organisation.legal_name)
    assert compiled.objects(first.pk)[0].requested_amount == Decimal("12500.50")  # converted as the ORM does


def test_no_row_gives_an_empty_list():
    assert Compiled(_with_call).objects(-1) == []


def test_objects_refuse_a_values_query():
    compiled = Compiled(lambda pk: Proposal.objects.filter(pk=pk).values_list("title"))
    proposal = ProposalFactory()
    assert compiled.rows(proposal.pk) == [(proposal.title,)]
    with pytest.raises(TypeError):
        compiled.objects(proposal.pk)


def test_every_argument_must_reach_the_sql():
    with pytest.raises(ValueError):
        Compiled(lambda pk: Proposal.objects.all()).objects(1)


def test_prefetched_rows_are_what_the_relation_then_returns_without_a_query():
    from grants.models import Partner
    from tests.factories import PartnerFactory

    proposal = ProposalFactory()
    kept = [PartnerFactory(proposal=proposal, name=name) for name in ("Alpha", "Bêta")]
    PartnerFactory(name="Ailleurs")
    rows = Compiled(lambda pk: Partner.objects.filter(proposal_id=pk)).objects(proposal.pk)
    prefetched(proposal, "partners", rows)
    with CaptureQueriesContext(connection) as captured:
        names = [partner.name for partner in proposal.partners.all()]
        count = proposal.partners.count()
    assert sorted(names) == ["Alpha", "Bêta"] and count == 2 and len(captured) == 0
    assert {partner.pk for partner in proposal.partners.all()} == {partner.pk for partner in kept}
