"""The weekly digest engine with sections of its own: recipients, languages, once a week.

The real sections are tested with their apps (tests/accountability, tests/scoring).
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from grants.models import ProgramRole
from notifications import digest, sending
from notifications.models import OutboxMessage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def registry(monkeypatch):
    monkeypatch.setattr(digest, "_SECTIONS", {})


def test_the_lines_go_to_the_programs_analysts_once_a_week_in_their_language(world, today):
    world.program.name_en = "Solidarity plan"
    world.program.save()
    digest.register_digest_section("overdue_reports", lambda day: {
        world.program.pk: [("Cuisines", "due_on", date(2027, 3, 5))]})
    digest.register_digest_section("payable_tranches", lambda day: {
        world.program.pk: [("Cuisines", "amount", Decimal("12345.67"))]})
    english = factories.UserFactory(email="analyst-en@example.org", language="en")
    ProgramRole.objects.create(user=english, program=world.program, role="analyst")
    assert digest.send_weekly(today) == 2
    assert digest.send_weekly(today + timedelta(days=1)) == 0  # same ISO week
    french = OutboxMessage.objects.get(to_email="analyst@example.org")
    english = OutboxMessage.objects.get(to_email="analyst-en@example.org")
    assert french.context["program_name"] == world.program.name_fr
    assert english.context["program_name"] == "Solidarity plan"
    assert french.context["overdue_reports"] == ["Cuisines — 5 mars 2027"]
    assert english.context["payable_tranches"] == ["Cuisines — $12,345.67"]
    assert (english.object_type, english.object_id, english.program_id) == (
        "grants.program", world.program.pk, world.program.pk)
    assert sending.deliver(english.pk)
    assert "Payments payable:" in mail.outbox[0].body and "Reviews pending:\n- none" in mail.outbox[0].body
    assert digest.send_weekly(today + timedelta(days=7)) == 2


def test_programs_with_nothing_to_read_and_other_roles_get_no_digest(world, today):
    other_program = factories.ProgramFactory()
    digest.register_digest_section("overdue_reports", lambda day: {
        world.program.pk: [], other_program.pk: [("Sans analyste", "due_on", day)]})
    assert digest.send_weekly(today) == 0
    assert not OutboxMessage.objects.exists()


def test_an_analyst_of_two_programs_gets_one_digest_for_each(world, today):
    other_program = factories.ProgramFactory()
    ProgramRole.objects.create(user=world.analyst, program=other_program, role="analyst")
    ProgramRole.objects.create(user=world.manager, program=other_program, role="analyst")
    digest.register_digest_section("pending_reviews", lambda day: {
        world.program.pk: [("A", "reviewer", "Luc Roy")], other_program.pk: [("B", "reviewer", "Ana Roy")]})
    assert digest.send_weekly(today) == 3
    mine = OutboxMessage.objects.filter(to_email="analyst@example.org")
    assert sorted((m.program_id, m.context["program_name"], tuple(m.context["pending_reviews"])) for m in mine) \
        == sorted([(world.program.pk, world.program.name_fr, ("A — Luc Roy",)),
                   (other_program.pk, other_program.name_fr, ("B — Ana Roy",))])
    # The manager is an analyst of the other program only.
    assert list(OutboxMessage.objects.filter(to_email="manager@example.org").values_list("program_id", flat=True)) \
        == [other_program.pk]
