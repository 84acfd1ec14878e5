"""The daily reminder scan: set-based, claimed in the database, each reminder written once.

1. every registered source yields candidate reminders from one query (the sources live in the apps that
   own the data and register here from their AppConfig.ready(); notifications.sources is their kit);
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

from . import conf, kinds, outbox
from .context import format_value, program_name, proposal_url
from .models import OutboxMessage, ReminderClaim

# name -> source(today, offsets, grace) -> iterable of notifications.sources.Reminder
_SOURCES = {}


def register_source(source):
    """Add a reminder source (apps call this when their AppConfig is ready); registering it again replaces it.

    The order sources are registered in does not matter: the scan sorts what they yield.
    """
    _SOURCES[f"{source.__module__}.{source.__qualname__}"] = source
    return source


def registered_sources():
    return list(_SOURCES.values())


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
    found = (reminder for source in registered_sources() for reminder in source(today, offsets, grace))
    candidates = sorted((reminder for reminder in found if reminder.recipients), key=lambda reminder: reminder.key)
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


def frozen_values(reminder, language, url_of):
    """The documented placeholders of the reminder's kind, as strings (called under `language`, which the
    sources' lazy strings are evaluated in)."""
    values = dict(reminder.values)
    values["program_name"] = program_name(values.get("program_name_fr"), values.get("program_name_en"), language)
    values["site_url"] = settings.SITE_URL
    values["url"] = url_of(values["proposal_id"])
    allowed = kinds.get(reminder.kind).all_placeholders
    return {key: format_value(key, values.get(key), language) for key in allowed if key != "recipient_name"}
