"""The reminder engine with sources of its own: claims, outbox rows, languages, the registry.

The real sources are tested with their apps: tests/accountability/test_reminders.py (reports, tranches)
and tests/scoring/test_reminders.py (reviews).
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.functional import lazy

from notifications import reminders, timing
from notifications.models import OutboxMessage, ReminderClaim
from notifications.sources import Reminder, due_values, person
from tests.notifications.scanning import scan_on

pytestmark = pytest.mark.django_db

active_language = lazy(translation.get_language, str)


@pytest.fixture(autouse=True)
def registry(monkeypatch):
    """An empty registry: each test registers the sources it scans."""
    monkeypatch.setattr(reminders, "_SOURCES", {})


def people(*users):
    return [person(user.pk, user.email, user.full_name, user.language) for user in users]


def due_reminders(world, *, due_on, recipients, source="thing", object_id=1):
    """A source chasing one thing of the world's program, due on `due_on`."""

    def thing_reminders(today, offsets, grace):
        found = timing.occurrence(due_on, today, offsets)
        if found is None:
            return
        occurrence, days = found
        values = {"proposal_id": 7, "program_name_fr": "Programme", "program_name_en": "Program",
                  "proposal_title": "Cuisines", "report_title": active_language(), "due_on": due_on,
                  **due_values(occurrence, days)}
        yield Reminder(source, "tests.thing", object_id, "report_reminder", occurrence, world.program.pk,
                       recipients, values)

    thing_reminders.__qualname__ = f"thing_reminders_{source}_{object_id}"
    return thing_reminders


def test_each_reminder_is_claimed_and_written_once(world, today):
    reminders.register_source(due_reminders(world, due_on=today + timedelta(days=7),
                                            recipients=people(world.applicant)))
    first, again = scan_on(today), scan_on(today)
    assert [(r.kind, r.occurrence) for r in first.claimed] == [("report_reminder", "before-7")]
    assert again.claimed == [] and again.candidates == 1
    assert OutboxMessage.objects.count() == 1 and ReminderClaim.objects.count() == 1
    message = OutboxMessage.objects.get()
    assert (message.object_type, message.object_id, message.program_id) == ("tests.thing", 1, world.program.pk)
    assert message.recipient == world.applicant and message.notification.user == world.applicant


def test_a_missed_day_still_sends_the_window_reminder_once(world, today):
    reminders.register_source(due_reminders(world, due_on=today, recipients=people(world.applicant)))
    assert [r.occurrence for r in scan_on(today - timedelta(days=20)).claimed] == ["before-30"]
    assert [r.occurrence for r in scan_on(today - timedelta(days=3)).claimed] == ["before-7"]
    assert scan_on(today - timedelta(days=2)).claimed == []


def test_dry_run_claims_and_writes_nothing(world, today):
    reminders.register_source(due_reminders(world, due_on=today, recipients=people(world.applicant)))
    result = scan_on(today, dry_run=True)
    assert len(result.claimed) == 1
    assert not ReminderClaim.objects.exists() and not OutboxMessage.objects.exists()


def test_values_are_written_in_each_recipients_language(world, today):
    world.analyst.language = "en"
    reminders.register_source(due_reminders(world, due_on=today + timedelta(days=7),
                                            recipients=people(world.applicant, world.analyst)))
    scan_on(today)
    french = OutboxMessage.objects.get(to_email=world.applicant.email)
    english = OutboxMessage.objects.get(to_email=world.analyst.email)
    assert (french.context["due_on"], english.context["due_on"]) == ("22 mars 2027", "March 22, 2027")
    assert (french.context["program_name"], english.context["program_name"]) == ("Programme", "Program")
    # Lazy strings are evaluated in the recipient's language.
    assert (french.context["report_title"], english.context["report_title"]) == ("fr", "en")
    assert french.context["days_left"] == "7" and french.context["recipient_name"] == world.applicant.full_name
    assert french.context["url"].endswith("/7/")
    # Only the kind's placeholders are kept.
    assert "proposal_id" not in french.context and "program_name_fr" not in french.context


def test_reminders_without_recipients_are_not_candidates(world, today):
    reminders.register_source(due_reminders(world, due_on=today, recipients=[]))
    assert scan_on(today).candidates == 0


def test_the_order_sources_are_registered_in_does_not_matter(world, today, monkeypatch):
    first = due_reminders(world, due_on=today, recipients=people(world.applicant), source="a", object_id=2)
    second = due_reminders(world, due_on=today, recipients=people(world.applicant), source="b", object_id=1)
    reminders.register_source(first)
    reminders.register_source(second)
    one_way = [r.key for r in scan_on(today, dry_run=True).claimed]
    monkeypatch.setattr(reminders, "_SOURCES", {})
    reminders.register_source(second)
    reminders.register_source(first)
    assert [r.key for r in scan_on(today, dry_run=True).claimed] == one_way == [
        ("a", 2, "report_reminder", "due"), ("b", 1, "report_reminder", "due")]


def test_registering_a_source_again_replaces_it(world, today):
    source = due_reminders(world, due_on=today, recipients=people(world.applicant))
    reminders.register_source(source)
    reminders.register_source(source)
    assert reminders.registered_sources() == [source]
    assert scan_on(today).candidates == 1


def test_sources_get_the_offsets_and_grace_period_from_the_settings(settings, today):
    settings.CONCERTO_REMINDER_OFFSETS = [14, 2]
    settings.CONCERTO_REMINDER_GRACE_DAYS = 3
    seen = []

    def spy(today, offsets, grace):
        seen.append((offsets, grace))
        return []

    reminders.register_source(spy)
    scan_on(today)
    assert seen == [([14, 2], 3)]


def test_send_due_reminders_command_prints_what_it_sends(world, today, capsys):
    reminders.register_source(due_reminders(world, due_on=today + timedelta(days=1),
                                            recipients=people(world.applicant)))
    call_command("send_due_reminders", "--date", today.isoformat(), "--dry-run")
    out = capsys.readouterr().out
    assert "serait envoyé : report_reminder before-1 tests.thing#1 → applicant@example.org" in out
    assert not ReminderClaim.objects.exists()
    call_command("send_due_reminders", "--date", today.isoformat())
    assert "envoyé : report_reminder before-1" in capsys.readouterr().out
    assert ReminderClaim.objects.count() == 1


def test_send_due_reminders_rejects_a_malformed_date():
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("send_due_reminders", "--date", "15/03/2027")
