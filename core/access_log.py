"""Who opened which confidential file (Loi 25): one append-only row per opening.

Views call `record(request.user, obj, program_id, what)` once the person was allowed to open the file
(a proposal's page, one of its documents, a review, a report); `what` is one of AccessLog.What.
Program managers read the log of their programs, admins all of it (core.rules: core.view_access_log),
newest first, a page at a time with a keyset on (created_at, id).
"""

from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from . import access
from .models import AccessLog

What = AccessLog.What
PAGE_SIZE = 50
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def record(user, obj, program_id, what):
    """One row for one opening; nothing for an anonymous visitor (the view refused them already)."""
    if user is None or not user.is_authenticated:
        return None
    return AccessLog.objects.create(
        user=getattr(user, "_wrapped", user), content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk, program_id=program_id, what=What(what))


def visible_program_ids(user):
    """The programs whose log the person reads; None means every program (admin)."""
    return access.visible_program_ids(user, access.MANAGER)


def visible_to(user, program_id=None):
    """The rows the person may read, optionally narrowed to one program (which must be theirs)."""
    rows = AccessLog.objects.select_related("user", "content_type")
    programs = visible_program_ids(user)
    if programs is not None:
        rows = rows.filter(program_id__in=programs)
    if program_id is not None:
        rows = rows.filter(program_id=program_id)
    return rows.order_by("-created_at", "-id")


def cursor_of(row):
    """An opaque position after `row`: its date in microseconds since 1970 and its id."""
    return f"{(row.created_at - _EPOCH) // _MICROSECOND}.{row.pk}"


def parse_cursor(value):
    """(created_at, id) from a cursor, or None if it cannot be read."""
    try:
        micros, pk = (int(part) for part in (value or "").split("."))
        return _EPOCH + timedelta(microseconds=micros), pk
    except (TypeError, ValueError, OverflowError):
        return None


def page(rows, cursor=None, size=PAGE_SIZE):
    """One page of `rows` (ordered newest first) after the cursor; returns (items, next cursor or None)."""
    position = parse_cursor(cursor) if cursor else None
    if position is not None:
        created_at, pk = position
        rows = rows.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=pk))
    items = list(rows[:size + 1])
    more = len(items) > size
    items = items[:size]
    return items, (cursor_of(items[-1]) if more else None)
