import pytest
from django.core.management import call_command

from accountability.models import Report
from notifications.models import OutboxMessage, ReminderClaim
from tests.notifications.conftest import in_memory_broker  # noqa: F401 - autouse: enqueue to memory

pytestmark = pytest.mark.django_db


def test_bench_reminders_times_the_scan_and_rolls_back(capsys):
    call_command("bench_reminders", "--reports", "300")
    out = capsys.readouterr().out
    assert "300 rapports créés" in out
    assert "premier balayage" in out and "réclamés" in out
    assert "même jour relancé (idempotent)" in out and " 0 réclamés, 0 messages" in out
    assert not Report.objects.exists() and not ReminderClaim.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_bench_reminders_keep_leaves_the_data(capsys):
    call_command("bench_reminders", "--reports", "30", "--keep")
    assert Report.objects.count() == 30
