import pytest

from core import activity
from core.models import ActivityLog, ImmutableLog
from tests import factories


def test_record_writes_one_row_with_actor_states_and_comment(db):
    program = factories.ProgramFactory()
    actor = factories.UserFactory()
    entry = activity.record(program, actor, "send_back", "submitted", "returned", "Compléter le bilan.")
    assert list(activity.history(program)) == [entry]
    assert (entry.actor, entry.from_state, entry.to_state, entry.comment) == (
        actor, "submitted", "returned", "Compléter le bilan.")


def test_history_keeps_only_the_object_s_own_rows(db):
    first, second = factories.ProgramFactory(), factories.ProgramFactory()
    activity.record(first, None, "a")
    activity.record(second, None, "b")
    assert [entry.action for entry in activity.history(first)] == ["a"]


def test_log_rows_are_never_changed_nor_deleted(db):
    entry = activity.record(factories.ProgramFactory(), None, "a")
    with pytest.raises(ImmutableLog):
        entry.save()
    with pytest.raises(ImmutableLog):
        entry.delete()
    with pytest.raises(ImmutableLog):
        ActivityLog.objects.all().update(comment="x")
    with pytest.raises(ImmutableLog):
        ActivityLog.objects.all().delete()
