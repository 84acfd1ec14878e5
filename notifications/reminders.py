"""The daily reminder scan: set-based, claimed in the database, each reminder written once.

1. every registered source names its candidate reminders (the sources live in the apps that own the data
   and register here from their AppConfig.ready(); notifications.sources is their kit). A SetSource
   selects them in SQL (window and recipients included) and the engine claims them with one
   INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING per query: nothing is read into Python but what
   this scan won. A plain source (a function) yields Reminder objects from one query; they are inserted
   into ReminderClaim with ON CONFLICT DO NOTHING under a token unique to this scan, and the rows carrying
   our token are the ones it won. Either way two concurrent scans cannot both win one reminder: the
   unique constraint decides, and claims are inserted in key order so two scans never deadlock;
2. the outbox rows of the won reminders are bulk-inserted in the same transaction, so a scan killed
   midway leaves neither claims nor messages and the next scan does the work.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from . import conf, kinds, outbox
from .context import format_value, program_name, proposal_url
from .models import OutboxMessage, ReminderClaim

# name -> a SetSource, or a function source(today, offsets, grace) -> iterable of notifications.sources.Reminder
_SOURCES = {}


@dataclass(frozen=True)
class SetSource:
    """A source whose candidates are selected and claimed in the database.

    `candidates(today, offsets, grace)` returns querysets of (object id, kind, occurrence) rows, each row a
    reminder due today that has at least one recipient (notifications.timing.occurrence_sql gives the
    windows); `reminders(today, offsets, grace, object_ids)` yields the Reminders of the objects whose ids
    the `object_ids` subquery lists (those this scan claimed), as a function source would.
    """

    name: str  # ReminderClaim.source
    candidates: Callable
    reminders: Callable


def register_source(source):
    """Add a reminder source (apps call this when their AppConfig is ready); registering it again replaces it.

    The order sources are registered in does not matter: the scan sorts what they yield.
    """
    key = f"set:{source.name}" if isinstance(source, SetSource) else f"{source.__module__}.{source.__qualname__}"
    _SOURCES[key] = source
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
    token = uuid.uuid4().hex
    result = ScanResult(today)
    found, claimed = [], []
    for _key, source in sorted(_SOURCES.items()):
        if isinstance(source, SetSource):
            candidates, won = claim_in_sql(source, today, offsets, grace, token)
            result.candidates += candidates
            claimed += won
        else:
            found += [reminder for reminder in source(today, offsets, grace) if reminder.recipients]
    found.sort(key=lambda reminder: reminder.key)
    result.candidates += len(found)
    result.claimed = sorted(claimed + claim(found, today, token), key=lambda reminder: reminder.key)
    rows = list(message_rows(result.claimed))
    result.messages = len(outbox.write(rows, in_app=True, unique=True))
    return result


def claim(candidates, today, token):
    """Claim the function sources' reminders (sorted by key) under the scan's token; return those won."""
    if not candidates:
        return []
    ReminderClaim.objects.bulk_create(
        [ReminderClaim(source=r.source, object_id=r.object_id, kind=r.kind, occurrence=r.occurrence,
                       scan_date=today, token=token) for r in candidates],
        ignore_conflicts=True, batch_size=2000,
    )
    won = set(ReminderClaim.objects.filter(token=token, source__in={r.source for r in candidates})
              .values_list("source", "object_id", "kind", "occurrence"))
    return [reminder for reminder in candidates if reminder.key in won]


def claim_in_sql(source, today, offsets, grace, token):
    """Claim a SetSource's candidates in the database; return how many were due and the Reminders won."""
    won, due = set(), 0
    for queryset in source.candidates(today, offsets, grace):
        for object_id, kind, occurrence in _insert_claims(source.name, queryset, today, token):
            if kind is None:
                due += object_id
            else:
                won.add((object_id, kind, occurrence))
    if not won:
        return due, []
    object_ids = ReminderClaim.objects.filter(token=token, source=source.name).values("object_id")
    return due, [reminder for reminder in source.reminders(today, offsets, grace, object_ids)
                 if (reminder.object_id, reminder.kind, reminder.occurrence) in won]


def _insert_claims(name, queryset, today, token):
    """The (object_id, kind, occurrence) of each claim won, and a (count of candidates, None, None) row.

    One statement on PostgreSQL; SQLite has no INSERT in a WITH clause: a count, then the insert."""
    select, params = queryset.order_by().query.sql_with_params()
    claims, quote = ReminderClaim._meta.db_table, connection.ops.quote_name
    columns = ", ".join(quote(column) for column in
                        ("source", "object_id", "kind", "occurrence", "scan_date", "token", "claimed_at"))
    # In key order: two concurrent scans wait for each other's claims in the same order, never deadlock.
    insert = (f"INSERT INTO {quote(claims)} ({columns}) SELECT %s, object_id, kind, occurrence, %s, %s, %s "
              f"FROM candidate WHERE true ORDER BY object_id, kind, occurrence ON CONFLICT DO NOTHING "
              f"RETURNING object_id, kind, occurrence")
    head = f"WITH candidate (object_id, kind, occurrence) AS ({select})"
    values = [name, today, token, timezone.now()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{head}, won AS ({insert}) SELECT object_id, kind, occurrence FROM won "
                           f"UNION ALL SELECT count(*), NULL, NULL FROM candidate", [*params, *values])
            return cursor.fetchall()
        cursor.execute(f"{head} SELECT count(*) FROM candidate", params)
        (due,) = cursor.fetchone()
        cursor.execute(f"{head} {insert}", [*params, *values])
        return [*cursor.fetchall(), (due, None, None)]


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
