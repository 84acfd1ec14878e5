"""Retention (Loi 25): a rule per kind of record, applied by `manage.py apply_retention [--dry-run]` and the
daily beat task, each run recorded; time moves with time-machine."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from core import access_log, personal_data, retention
from core.models import AccessLog, ActivityLog, RetentionRule, RetentionRun, Session
from core.sessions import SessionStore
from core.tasks import apply_retention
from grants.models import Answer, Attachment, Invitation, Proposal
from grants.services.proposals import save_step
from notifications import schedules
from notifications.models import OutboxMessage
from tests import factories
from tests.grants.questions_setup import ten_questions
from tests.scoring.reviewing import put_in_state

T0 = datetime(2025, 3, 3, 15, 0, tzinfo=UTC)
DAY = timedelta(days=1)
KINDS = {"core.access_log", "core.sessions", "grants.ended_proposals", "grants.idle_drafts",
         "grants.inactive_accounts", "grants.unused_invitations", "notifications.outbox_bodies",
         "reporting.export_files"}


def days(code):
    return RetentionRule.objects.get(kind=code).days


def run(*args):
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def counts(dry_run=False):
    return {row.kind: row.count for row in RetentionRun.objects.filter(dry_run=dry_run).order_by("id")}


def test_every_app_registers_its_kinds_and_each_gets_a_rule_with_its_default(db):
    assert {kind.code for kind in retention.kinds()} == KINDS
    retention.ensure_rules()
    rules = {rule.kind: rule for rule in RetentionRule.objects.all()}
    assert set(rules) == KINDS
    assert rules["core.sessions"].days == 0 and rules["grants.ended_proposals"].days == 3 * 365
    assert all(rule.active for rule in rules.values())


def test_an_edited_rule_is_kept_and_an_inactive_rule_is_not_applied(db, world):
    retention.ensure_rules()
    RetentionRule.objects.filter(kind="grants.unused_invitations").update(days=10, active=False)
    retention.ensure_rules()
    assert RetentionRule.objects.get(kind="grants.unused_invitations").days == 10
    with time_machine.travel(T0, tick=False):
        world.organisation.invitations.create(email="x@example.org", invited_by=world.applicant)
    with time_machine.travel(T0 + 30 * DAY, tick=False):
        run()
    assert Invitation.objects.filter(email="x@example.org").exists()
    assert "grants.unused_invitations" not in counts()


@pytest.fixture
def declined(world):
    with time_machine.travel(T0, tick=False):
        proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation,
                                             created_by=world.applicant)
        factories.PartnerFactory(proposal=proposal, role="Animation des ateliers avec Mme Gagnon")
        attachment = factories.AttachmentFactory(proposal=proposal)
        put_in_state(proposal, "declined")
    return proposal, attachment


def test_declined_proposal_loses_documents_and_free_text_after_its_period_dry_run_first(
        db, world, declined, django_capture_on_commit_callbacks):
    proposal, attachment = declined
    stored = attachment.file.name
    with time_machine.travel(T0, tick=False):
        funded = put_in_state(factories.ProposalFactory(call=world.call, organisation=world.organisation), "funded")
        factories.AttachmentFactory(proposal=funded)
    retention.ensure_rules()
    period = days("grants.ended_proposals")

    with time_machine.travel(T0 + (period - 1) * DAY, tick=False):
        run()
    assert counts()["grants.ended_proposals"] == 0
    assert Attachment.objects.filter(proposal=proposal).exists()

    with time_machine.travel(T0 + (period + 1) * DAY, tick=False):
        output = run("--dry-run")
        assert "grants.ended_proposals" in output and "Simulation" in output
        assert counts(dry_run=True)["grants.ended_proposals"] == 1
        assert Attachment.objects.filter(proposal=proposal).exists() and default_storage.exists(stored)
        proposal.refresh_from_db()
        assert proposal.objectives

        with django_capture_on_commit_callbacks(execute=True):
            run()
    assert counts()["grants.ended_proposals"] == 1
    proposal.refresh_from_db()
    assert not Attachment.objects.filter(proposal=proposal).exists()
    assert not default_storage.exists(stored)
    assert proposal.objectives == proposal.gender_impact == proposal.target_population == ""
    assert proposal.partners.get().role == ""
    # The file's trace stays: title, organisation, amounts, state; and the redaction is in its log.
    assert proposal.title and proposal.state == "declined" and proposal.created_by == world.applicant
    assert ActivityLog.objects.of(proposal).filter(action="retention_redacted").exists()
    # Funded files are not touched by this rule.
    assert Attachment.objects.filter(proposal=funded).exists()
    funded.refresh_from_db()
    assert funded.objectives

    with time_machine.travel(T0 + (period + 2) * DAY, tick=False):
        run("--kind", "grants.ended_proposals")
    assert RetentionRun.objects.filter(kind="grants.ended_proposals").first().count == 0  # idempotent


def test_idle_drafts_are_redacted_but_a_recent_draft_is_not(db, world):
    with time_machine.travel(T0, tick=False):
        idle = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    retention.ensure_rules()
    period = days("grants.idle_drafts")
    with time_machine.travel(T0 + (period - 5) * DAY, tick=False):
        recent = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    with time_machine.travel(T0 + (period + 1) * DAY, tick=False):
        run()
    idle.refresh_from_db()
    recent.refresh_from_db()
    assert idle.mission == "" and recent.mission


def test_old_message_bodies_are_blanked_their_trace_kept(db, world):
    with time_machine.travel(T0, tick=False):
        sent = factories.OutboxMessageFactory(recipient=world.applicant, state="sent", subject="Reçu : Projet",
                                              body_text="Bonjour Marie", body_html="<p>Bonjour Marie</p>",
                                              sent_at=T0)
        pending = factories.OutboxMessageFactory(recipient=world.applicant, state="pending")
    retention.ensure_rules()
    period = days("notifications.outbox_bodies")
    with time_machine.travel(T0 + (period - 1) * DAY, tick=False):
        recent = factories.OutboxMessageFactory(recipient=world.applicant, state="sent", body_text="Bonjour")
    with time_machine.travel(T0 + (period + 1) * DAY, tick=False):
        assert "notifications.outbox_bodies" in run("--dry-run")
        assert OutboxMessage.objects.get(pk=sent.pk).body_text == "Bonjour Marie"
        run()
    sent.refresh_from_db()
    assert (sent.body_text, sent.body_html, sent.context) == ("", "", {})
    assert sent.subject == "Reçu : Projet" and sent.to_email == world.applicant.email and sent.state == "sent"
    assert OutboxMessage.objects.get(pk=pending.pk).context  # not sent yet: needed to send it
    assert OutboxMessage.objects.get(pk=recent.pk).body_text == "Bonjour"
    assert counts()["notifications.outbox_bodies"] == 1


def test_expired_sessions_are_deleted_live_ones_kept(db):
    with time_machine.travel(T0, tick=False):
        expired = SessionStore()
        expired.set_expiry(60)
        expired.create()
        live = SessionStore()
        live.set_expiry(10 * 24 * 3600)
        live.create()
    with time_machine.travel(T0 + DAY, tick=False):
        run()
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert Session.objects.filter(session_key=live.session_key).exists()


def test_old_access_log_rows_are_deleted(db, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation)
    with time_machine.travel(T0, tick=False):
        old = access_log.record(world.analyst, proposal, world.program.pk, "proposal_staff")
    retention.ensure_rules()
    period = days("core.access_log")
    with time_machine.travel(T0 + period * DAY - timedelta(hours=1), tick=False):
        recent = access_log.record(world.analyst, proposal, world.program.pk, "proposal_staff")
    with time_machine.travel(T0 + period * DAY + timedelta(hours=1), tick=False):
        run()
    assert not AccessLog.objects.filter(pk=old.pk).exists()
    assert AccessLog.objects.filter(pk=recent.pk).exists()


def test_unused_invitations_are_deleted_accepted_ones_kept(db, world):
    with time_machine.travel(T0, tick=False):
        unused = world.organisation.invitations.create(email="silent@example.org", invited_by=world.applicant)
        used = world.organisation.invitations.create(email="joined@example.org", invited_by=world.applicant,
                                                     accepted_at=T0)
    retention.ensure_rules()
    with time_machine.travel(T0 + (days("grants.unused_invitations") + 1) * DAY, tick=False):
        run()
    assert not Invitation.objects.filter(pk=unused.pk).exists()
    assert Invitation.objects.filter(pk=used.pk).exists()


def test_inactive_accounts_are_anonymised_unless_staff_or_their_organisation_is_active(db, world):
    with time_machine.travel(T0, tick=False):
        idle = factories.UserFactory(email="idle@example.org", full_name="Paul Idle")
        idle_org = factories.OrganisationFactory()
        factories.MembershipFactory(user=idle, organisation=idle_org)
        closed_file = put_in_state(factories.ProposalFactory(call=world.call, organisation=idle_org,
                                                             created_by=idle), "closed")
        busy = factories.UserFactory(email="busy@example.org")
        busy_org = factories.OrganisationFactory()
        factories.MembershipFactory(user=busy, organisation=busy_org)
        put_in_state(factories.ProposalFactory(call=world.call, organisation=busy_org,
                                               amount_granted=Decimal("1000")), "funded")
        staff = factories.UserFactory(email="former-staff@example.org", is_staff=True)
    retention.ensure_rules()
    period = days("grants.inactive_accounts")
    with time_machine.travel(T0 + (period - 10) * DAY, tick=False):
        recent = factories.UserFactory(email="recent@example.org")
    with time_machine.travel(T0 + (period + 1) * DAY, tick=False):
        assert "grants.inactive_accounts" in run("--dry-run")
        assert counts(dry_run=True)["grants.inactive_accounts"] >= 1
        idle.refresh_from_db()
        assert idle.is_active and idle.email == "idle@example.org"
        run()
    idle.refresh_from_db()
    assert idle.email == personal_data.closed_email(idle) and idle.full_name == "Compte fermé"
    assert not idle.is_active and not idle.has_usable_password() and not idle.memberships.exists()
    assert Proposal.objects.get(pk=closed_file.pk).created_by == idle  # the history keeps its author
    assert ActivityLog.objects.of(idle).filter(action="account_anonymised").exists()
    for kept in (busy, staff, recent, world.analyst):
        kept.refresh_from_db()
        assert kept.is_active and not kept.email.endswith("@invalid"), kept.email


def test_each_run_is_recorded_with_its_kind_cutoff_count_and_mode(db):
    with time_machine.travel(T0, tick=False):
        run("--dry-run")
        run()
    runs = RetentionRun.objects.all()
    assert {row.kind for row in runs} == KINDS
    assert runs.filter(dry_run=True).count() == runs.filter(dry_run=False).count() == len(KINDS)
    sessions = runs.get(kind="core.sessions", dry_run=False)
    assert sessions.cutoff == T0 and sessions.ran_at == T0 and sessions.source == "command"


def test_an_unknown_kind_is_refused_by_the_command(db):
    err = StringIO()
    call_command("apply_retention", "--kind", "nope", stdout=StringIO(), stderr=err)
    assert "nope" in err.getvalue()
    assert not RetentionRun.objects.exists()


def test_the_daily_beat_task_applies_the_rules(db):
    # Created by core's migration; setup_schedules (notifications.schedules) knows it too.
    schedules.ensure_current()
    task = PeriodicTask.objects.get(task="core.apply_retention")
    assert task.crontab.hour == "3" and task.enabled
    result = apply_retention()
    assert set(result) == KINDS
    assert RetentionRun.objects.filter(source="beat").count() == len(KINDS)


def test_idle_drafts_lose_the_text_and_files_of_their_answers_but_keep_typed_values(
        db, world, django_capture_on_commit_callbacks):
    questions = ten_questions(world.call, world.manager)
    with time_machine.travel(T0, tick=False):
        idle = factories.ProposalFactory(call=world.call, organisation=world.organisation)
        saved = save_step(idle, world.applicant, version=idle.version, answers={
            questions["charity"].pk: {"text": "Marie Tremblay, 418 555-0101"},
            questions["own_money"].pk: {"number": Decimal("1250")},
            questions["letter"].pk: {"file": SimpleUploadedFile("lettre.pdf", b"%PDF-1.4\n%x\n",
                                                                content_type="application/pdf"), "clear": False}})
    letter = Answer.objects.get(proposal=saved, question=questions["letter"])
    stored = letter.file.name
    assert default_storage.exists(stored)
    retention.ensure_rules()
    with (time_machine.travel(T0 + (days("grants.idle_drafts") + 1) * DAY, tick=False),
          django_capture_on_commit_callbacks(execute=True)):
        run()
    answers = {answer.question_id: answer for answer in Answer.objects.filter(proposal=saved)}
    assert answers[questions["charity"].pk].text == ""
    assert answers[questions["own_money"].pk].number == Decimal("1250")
    assert (answers[questions["letter"].pk].file.name, answers[questions["letter"].pk].file_name) == ("", "")
    assert not default_storage.exists(stored)
