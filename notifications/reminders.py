"""The daily reminder scan: set-based, claimed in the database, each reminder written once.

1. every source yields candidate reminders from one query (notifications.sources);
2. all candidates are inserted into ReminderClaim with ON CONFLICT DO NOTHING under a token unique to this
   scan; the rows carrying our token are the reminders this scan won (two concurrent scans cannot both
   win one: the unique constraint decides);
3. the outbox rows of the won reminders are bulk-inserted in the same transaction, so a scan killed
   midway leaves neither claims nor messages and the next scan does the work.
"""

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grants.models import Report

from . import conf, kinds, outbox, sources
from .context import format_value, proposal_url
from .models import OutboxMessage, ReminderClaim


@dataclass
class ScanResult:
    today: object
    candidates: int = 0
    claimed: list = field(default_factory=list)
    messages: int = 0

    def summary(self):
        return {"date": self.today.isoformat(), "candidates": self.candidates,
                "claimed": len(self.claimed), "messages": self.messages}


def scan(today=None, *, dry_run=False):
    """Run the scan for `today` (local date). A dry run does everything, then rolls it back."""
    today = today or timezone.localdate()
    with transaction.atomic():
        result = _scan(today)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _scan(today):
    offsets, grace = conf.reminder_offsets(), conf.grace_days()
    candidates = [reminder for source in sources.SOURCES for reminder in source(today, offsets, grace)
                  if reminder.recipients]
    result = ScanResult(today, candidates=len(candidates))
    result.claimed = claim(candidates, today)
    rows = list(message_rows(result.claimed))
    result.messages = len(outbox.write(rows, in_app=True, unique=True))
    return result


def claim(candidates, today):
    token = uuid.uuid4().hex
    ReminderClaim.objects.bulk_create(
        [ReminderClaim(source=r.source, object_id=r.object_id, kind=r.kind, occurrence=r.occurrence,
                       scan_date=today, token=token) for r in candidates],
        ignore_conflicts=True, batch_size=2000,
    )
    won = set(ReminderClaim.objects.filter(token=token).values_list("source", "object_id", "kind", "occurrence"))
    return [reminder for reminder in candidates if reminder.key in won]


def message_rows(claimed):
    """Outbox rows of the won reminders; one translation switch per language, not per message."""
    languages = {person.language for reminder in claimed for person in reminder.recipients}
    for language in sorted(languages):
        with translation.override(language):
            url_of = proposal_url_builder()
            for reminder in claimed:
                people = [person for person in reminder.recipients if person.language == language]
                if not people:
                    continue
                shared = frozen_values(reminder, language, url_of)
                for person in people:
                    yield OutboxMessage(
                        kind=reminder.kind, recipient_id=person.id, to_email=person.email, language=language,
                        context=shared | {"recipient_name": format_value("", person.name, language)},
                        object_type=reminder.object_type, object_id=reminder.object_id,
                        occurrence=reminder.occurrence, program_id=reminder.program_id,
                        dedupe_key=outbox.dedupe_key(reminder.kind, reminder.object_type, reminder.object_id,
                                                     reminder.occurrence, person.email),
                    )


def proposal_url_builder():
    """reverse() once: a scan builds thousands of links to the same URL pattern."""
    sentinel = 987654321
    pattern = proposal_url(sentinel)
    return lambda proposal_id: pattern.replace(str(sentinel), str(proposal_id)) if pattern else ""


def report_title(kind, order):
    if kind == Report.Kind.FINAL:
        return _("Rapport final")
    return _("Rapport d'étape %(number)s") % {"number": order}


def frozen_values(reminder, language, url_of):
    """The documented placeholders of the reminder's kind, as strings (called under `language`)."""
    values = dict(reminder.values)
    values["program_name"] = (values.get("program_name_en") if language == "en" else None) \
        or values.get("program_name_fr", "")
    if values.get("report_kind"):
        values["report_title"] = report_title(values["report_kind"], values["report_order"])
    values["site_url"] = settings.SITE_URL
    values["url"] = url_of(values["proposal_id"])
    allowed = kinds.get(reminder.kind).all_placeholders
    return {key: format_value(key, values.get(key), language) for key in allowed if key != "recipient_name"}
