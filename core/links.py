"""Addresses of a list's rows: one reverse() per page instead of one per row."""

from django.urls import reverse

_MARK = 987654321987654321  # a primary key no table reaches, replaced by each row's


def address_of(name, *rest):
    """A function pk -> reverse(name, args=[pk, *rest]), for a route whose first argument is an integer."""
    head, _mark, tail = reverse(name, args=[_MARK, *rest]).rpartition(str(_MARK))
    return lambda pk: f"{head}{pk}{tail}"


def link(rows, name, *rest, attribute="url"):
    """Sets each row's `attribute` to its address (reverse(name, args=[row.pk, *rest])); returns the rows."""
    address = address_of(name, *rest)
    for row in rows:
        setattr(row, attribute, address(row.pk))
    return rows
