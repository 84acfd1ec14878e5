"""The daily reminder scan: set-based, claimed in the database, each reminder written once.

1. every registered source names its candidate reminders (the sources live in the apps that own the data
   and register here from their AppConfig.ready(); notifications.sources is their kit). A SetSource
   selects them in SQL (window and recipients included) and the engine claims them with one
   INSERT … SELECT … ON CONFLICT DO NOTHING per query, under a token unique to this scan. A plain source
   (a function) yields Reminder objects from one query; they are inserted into ReminderClaim the same
   way, and the rows carrying our token are the ones it won. Either way two concurrent scans cannot both
   win one reminder: the unique constraint decides, and claims are inserted in key order so two scans
   never deadlock;
2. the outbox rows of the won reminders are written in the same transaction, so a scan killed midway
   leaves neither claims nor messages and the next scan does the work: a SetSource's by the database
   from its claims (notifications.set_messages: nothing is read into Python per reminder), a function
   source's built here and bulk-inserted.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from . import conf, kinds, outbox, set_messages
from .context import format_value, program_name, proposal_url
from .models import OutboxMessage, ReminderClaim
from .sources import Reminder, person

# name -> a SetSource, or a function source(today, offsets, grace) -> iterable of notifications.sources.Reminder
_SOURCES = {}


@dataclass(frozen=True)
class SetSource:
    """A source whose candidates are selected and claimed in the database.

    `candidates(today, offsets, grace)` returns querysets of (object id, kind, occurrence) rows, each row a
    reminder due today that has at least one recipient (notifications.timing.occurrence_sql gives the
    windows); `messages(today, offsets, grace, object_ids)` returns the notifications.set_messages.Messages
    of the objects whose ids the `object_ids` subquery lists (those this scan claimed).
    """

    name: str  # ReminderClaim.source
    object_type: str  # OutboxMessage.object_type: the objects' model label
    candidates: Callable
    messages: Callable


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
    won: int = 0
    messages: int = 0
    reminders: list = field(default_factory=list)  # the function sources' won Reminders
    # (source, object type, ids) of the set sources' messages, as notifications.set_messages.write returns them
    written: list = field(default_factory=list)

    @cached_property
    def claimed(self):
        """The won reminders with their recipients (as written), in key order; read from the messages when first
        asked (scan() asks before rolling a dry run back)."""
        found, people = {}, {}
        for source, object_type, ids in self.written:
            for _id, object_id, kind, occurrence, program_id, *someone in _written_rows(ids):
                key = (source, object_id, kind, occurrence)
                if key not in found:
                    found[key] = Reminder(source, object_type, object_id, kind, occurrence, program_id)
                if tuple(someone) not in people:
                    people[tuple(someone)] = person(*someone)
                found[key].recipients.append(people[tuple(someone)])
        return sorted([*self.reminders, *found.values()], key=lambda reminder: reminder.key)

    def summary(self):
        return {"date": self.today.isoformat(), "candidates": self.candidates,
                "claimed": self.won, "messages": self.messages}


def _written_rows(ids):
    """The set sources' new messages: id, the reminder, its recipient (notifications.sources.Person)."""
    rows = []
    for start in range(0, len(ids), 5000):
        rows += OutboxMessage.objects.filter(id__in=ids[start:start + 5000]).order_by("id").values_list(
            "id", "object_id", "kind", "occurrence", "program_id", "recipient_id", "to_email",
            "context__recipient_name", "language")
    return rows


def scan(today=None, *, dry_run=False):
    """Run the scan for `today` (local date). A dry run does everything, then rolls it back."""
    today = today or timezone.localdate()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Each statement runs once over many rows: compiling it (JIT) took longer than running it.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                # The messages written, held for their in-app copies: in memory rather than spilled to disk.
                cursor.execute("SET LOCAL work_mem = '64MB'")
        result = _scan(today)
        if dry_run:
            result.claimed  # noqa: B018 - read while the rows exist
            transaction.set_rollback(True)
    return result


def _scan(today):
    offsets, grace = conf.reminder_offsets(), conf.grace_days()
    token = uuid.uuid4().hex
    result = ScanResult(today)
    found, ids = [], []
    for _key, source in sorted(_SOURCES.items()):
        if isinstance(source, SetSource):
            candidates, won = claim_in_sql(source, today, offsets, grace, token)
            result.candidates, result.won = result.candidates + candidates, result.won + won
            if won:
                written = write_in_sql(source, today, offsets, grace, token)
                ids += written
                result.written.append((source.name, source.object_type, written))
        else:
            found += [reminder for reminder in source(today, offsets, grace) if reminder.recipients]
    found.sort(key=lambda reminder: reminder.key)
    result.candidates += len(found)
    result.reminders = claim(found, today, token)
    result.won += len(result.reminders)
    created = outbox.write(list(message_rows(result.reminders)), in_app=True, unique=True)
    result.messages = len(ids) + len(created)
    if ids:
        transaction.on_commit(partial(outbox.enqueue, ids))
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
    """Claim a SetSource's candidates in the database; return how many were due and how many this scan won."""
    due = won = 0
    for queryset in source.candidates(today, offsets, grace):
        candidates, claimed = _insert_claims(source.name, queryset, today, token)
        due, won = due + candidates, won + claimed
    return due, won


def write_in_sql(source, today, offsets, grace, token):
    """The messages of the SetSource's reminders this scan won, written by the database (their rows)."""
    claims = ReminderClaim.objects.filter(token=token, source=source.name)
    messages = source.messages(today, offsets, grace, claims.values("object_id"))
    return set_messages.write(messages, claims, source.object_type, token)


def _insert_claims(name, queryset, today, token):
    """How many candidates there were, and how many claims this scan won.

    One statement on PostgreSQL; SQLite has no INSERT in a WITH clause: a count, then the insert."""
    select, params = queryset.order_by().query.sql_with_params()
    claims, quote = ReminderClaim._meta.db_table, connection.ops.quote_name
    columns = ", ".join(quote(column) for column in
                        ("source", "object_id", "kind", "occurrence", "scan_date", "token", "claimed_at"))
    # In key order: two concurrent scans wait for each other's claims in the same order, never deadlock.
    insert = (f"INSERT INTO {quote(claims)} ({columns}) SELECT %s, object_id, kind, occurrence, %s, %s, %s "
              f"FROM candidate WHERE true ORDER BY object_id, kind, occurrence ON CONFLICT DO NOTHING RETURNING 1")
    head = f"WITH candidate (object_id, kind, occurrence) AS ({select})"
    values = [name, today, token, timezone.now()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{head}, won AS ({insert}) SELECT (SELECT count(*) FROM candidate), "
                           f"(SELECT count(*) FROM won)", [*params, *values])
            return cursor.fetchone()
        cursor.execute(f"{head} SELECT count(*) FROM candidate", params)
        (due,) = cursor.fetchone()
        cursor.execute(f"{head} {insert}", [*params, *values])
        return due, len(cursor.fetchall())


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
