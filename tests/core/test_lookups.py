"""core.lookups: `any_of` finds exactly what `in` finds, through the key's index on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.models import Membership, ProgramRole, User
from tests import factories

pytestmark = pytest.mark.django_db


def holders(program, *roles):
    return ProgramRole.objects.filter(program=program, role__in=roles).values("user_id")


def test_any_of_gives_the_rows_whose_key_the_subquery_lists(world):
    assert set(User.objects.filter(pk__any_of=holders(world.program, "analyst", "board"))) == {world.analyst,
                                                                                               world.board}
    assert not User.objects.filter(pk__any_of=holders(world.program, "platform"))  # an empty subquery
    members = Membership.objects.filter(organisation=world.organisation).values("user_id")
    both = User.objects.filter(pk__any_of=members.union(holders(world.program, "manager")), is_active=True)
    assert set(both) == {world.applicant, world.manager}


def test_any_of_combines_with_the_other_conditions(world):
    factories.ProgramRoleFactory(user=world.nobody, program=world.program, role="analyst")
    world.nobody.is_active = False
    world.nobody.save()
    assert list(User.objects.filter(pk__any_of=holders(world.program, "analyst"), is_active=True)) == [world.analyst]
    assert User.objects.exclude(pk__any_of=holders(world.program, "analyst")).filter(pk=world.analyst.pk).count() == 0


@pytest.mark.postgres
def test_on_postgresql_the_subquery_runs_first_and_its_ids_are_looked_up(world, require_postgres):
    with CaptureQueriesContext(connection) as captured:
        list(User.objects.filter(pk__any_of=holders(world.program, "analyst")))
    assert '"grants_user"."id" = ANY(ARRAY(SELECT' in captured.captured_queries[0]["sql"]


@pytest.mark.parametrize("kind", [list, tuple, set])
def test_any_of_takes_a_list_of_ids_as_in_does(world, kind):
    ids = kind([world.analyst.pk, world.board.pk, 10**9])
    assert set(User.objects.filter(pk__any_of=ids)) == set(User.objects.filter(pk__in=ids)) == {world.analyst,
                                                                                               world.board}
    assert not User.objects.filter(pk__any_of=kind())
    assert User.objects.exclude(pk__any_of=kind()).count() == User.objects.count()
    assert set(User.objects.exclude(pk__any_of=ids)) == set(User.objects.exclude(pk__in=ids))


@pytest.mark.postgres
def test_on_postgresql_a_list_goes_as_one_array(world, require_postgres):
    ids = [world.analyst.pk, world.board.pk]
    rows = User.objects.filter(pk__any_of=ids)
    sql, params = rows.query.sql_with_params()
    assert '"grants_user"."id" = ANY(%s::' in sql and params == (ids,)
    assert set(rows) == {world.analyst, world.board}
