"""The transition log is history: no update, no delete, and it keeps its proposal alive."""

import pytest
from django.db.models import ProtectedError

from grants.states import State
from workflow import services
from workflow.models import ImmutableLog, TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(world, make_proposal):
    services.transition(make_proposal(State.SUBMITTED), "start_analysis", world.analyst)
    return TransitionLog.objects.get()


def test_saving_an_existing_row_is_refused(log):
    log.comment = "réécrit"
    with pytest.raises(ImmutableLog):
        log.save()
    assert TransitionLog.objects.get().comment == ""


def test_deleting_a_row_is_refused(log):
    with pytest.raises(ImmutableLog):
        log.delete()


def test_bulk_update_and_delete_are_refused(log):
    with pytest.raises(ImmutableLog):
        TransitionLog.objects.update(comment="x")
    with pytest.raises(ImmutableLog):
        TransitionLog.objects.all().delete()
    assert TransitionLog.objects.count() == 1


def test_a_proposal_with_history_cannot_be_deleted(log):
    with pytest.raises(ProtectedError):
        log.proposal.delete()
