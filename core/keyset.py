"""Keyset pages for long lists: each page starts after (or ends before) the position of a row, so reading
page 3,000 costs what reading page 1 does (an index range, no OFFSET) and no total is counted.

A list is ordered by one value then the primary key, both ascending or both descending; rows without a
value come last whichever the direction. Those rows form a second segment, read by a second query (each
query an index range; on PostgreSQL both in one statement, a UNION ALL): a page costs the same queries
whatever the rows. The cursor is the row's position (segment, value, pk), opaque and signed by nobody: it
only says where to start among rows the reader sees.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import F, IntegerField, Q, Value

VALUE = "keyset_value"
SEGMENT = "keyset_segment"


@dataclass(frozen=True)
class Order:
    value: object  # a field name or an expression
    output_field: object  # parses the value back from a cursor
    descending: bool = False
    nullable: bool = False
    # Every kept row with a value has one at or below this, as its filters imply: the index range starts there
    # instead of walking the rows above it that the filters then drop.
    below: object = None

    def segments(self):
        return (True, False) if self.nullable else (True,)  # True: rows with a value


@dataclass
class Page:
    rows: list
    next_cursor: str = ""
    previous_cursor: str = ""

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    @property
    def has_other_pages(self):
        return bool(self.next_cursor or self.previous_cursor)


def page(rows, order, *, after="", before="", size=25):
    """One page of `rows` (a queryset) in `order`, after or before a cursor of this list (an unreadable
    cursor reads as none: the first page)."""
    before_position = _decode(before, order)
    if before_position is not None:
        found = _read(rows, order, before_position, forward=False, limit=size + 1)
        if len(found) <= size:  # the start of the list is reached: show the first page
            return page(rows, order, size=size)
        shown = found[:size][::-1]
        result = Page(shown, next_cursor=_encode(shown[-1]), previous_cursor=_encode(shown[0]))
    else:
        after_position = _decode(after, order)
        found = _read(rows, order, after_position, forward=True, limit=size + 1)
        shown = found[:size]
        result = Page(shown, next_cursor=_encode(shown[-1]) if len(found) > size else "",
                      previous_cursor=_encode(shown[0]) if after_position is not None and shown else "")
    return result


def _read(rows, order, position, *, forward, limit):
    segments = order.segments() if forward else order.segments()[::-1]
    if position is not None:
        segments = segments[segments.index(position[0]):]
    reads = [_segment(rows, order, with_value, position if index == 0 else None, forward, index)
             for index, with_value in enumerate(segments)]
    if len(reads) > 1 and connections[rows.db].features.supports_slicing_ordering_in_compound:
        # Both segments in one statement (PostgreSQL): each its own index range under its own LIMIT, the
        # few rows then put in segment order. A statement costs more to build and send than these rows.
        descending = order.descending == forward
        combined = reads[0][:limit].union(*(read[:limit] for read in reads[1:]), all=True)
        return list(combined.order_by(SEGMENT, *(key.desc() if descending else key.asc()
                                                 for key in (F(VALUE), F("pk"))))[:limit])
    found = []
    for read in reads:
        # Each segment is read even when the one before filled the page: the same queries for every page.
        found += list(read[:limit])
    return found[:limit]


def _segment(rows, order, with_value, start, forward, index):
    """The rows of one segment in reading order, strictly after `start` (segment, value, pk) if given; `index`
    is the segment's rank in the reading."""
    descending = order.descending == forward
    rows = rows.annotate(**{VALUE: F(order.value) if isinstance(order.value, str) else order.value,
                            SEGMENT: Value(index, IntegerField())})
    if order.nullable:
        rows = rows.filter(**{f"{VALUE}__isnull": not with_value})
    if with_value and order.below is not None:
        rows = rows.filter(**{f"{VALUE}__lte": order.below})
    step = "lt" if descending else "gt"
    if start is not None:
        _segment_of_start, value, pk = start
        if with_value:
            # value >= v narrows the index range; the rest settles ties on the value.
            rows = rows.filter(**{f"{VALUE}__{step}e": value}).filter(
                Q(**{f"{VALUE}__{step}": value}) | Q(**{f"pk__{step}": pk}))
        else:
            rows = rows.filter(**{f"pk__{step}": pk})
    # Rows without a value are ordered by it too (all empty): the order then matches the index on
    # (…, value, pk) that finds them, instead of walking the primary key to find the few empty ones.
    return rows.order_by(*(key.desc() if descending else key.asc() for key in (F(VALUE), F("pk"))))


def _exact(value):
    """Dates to ISO text with every microsecond (a rounded position would repeat its row), decimals as text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value))


def _encode(row):
    value = getattr(row, VALUE)
    raw = json.dumps([value is not None, value, row.pk], default=_exact, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor, order):
    if not cursor:
        return None
    try:
        with_value, value, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if with_value not in order.segments() or not isinstance(pk, int) or (value is None) == with_value:
            return None
        return with_value, order.output_field.to_python(value) if with_value else None, pk
    except (ValueError, TypeError, binascii.Error, ValidationError):
        return None
