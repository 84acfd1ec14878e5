"""Runs rows of the table against the world and collects every disagreement (never stops at the first)."""

import json
import re
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from .table import FILE

PDF = b"%PDF-1.4\n%test\n"


@dataclass(frozen=True)
class Mismatch:
    row: str
    persona: str
    state: str
    expected: object
    got: object
    what: str = "status"

    def __str__(self):
        what = "" if self.what == "status" else f" {self.what}"
        return f"{self.row} {self.persona} {self.state}: expected{what} {self.expected} got {self.got}"


def normalise(route):
    """The resolver's own spelling of a route: "api/v1/^reviews/$" is matched as "api/v1/reviews/$"."""
    return re.sub(r"(^|/)\^", r"\1", route)


def _fill(template, context):
    return template.format(**context)


def _body(row, context):
    data = {}
    for key, value in (row.body or {}).items():
        key = _fill(key, context)
        data[key] = SimpleUploadedFile("piece.pdf", PDF, content_type="application/pdf") if value is FILE \
            else _fill(value, context)
    return data


def _json(value, context):
    """A JSON body with its {placeholders} filled at any depth (lists of lines, nested objects)."""
    if isinstance(value, str):
        return _fill(value, context)
    if isinstance(value, dict):
        return {key: _json(item, context) for key, item in value.items()}
    if isinstance(value, list):
        return [_json(item, context) for item in value]
    return value


def probe(world, row, persona, context):
    """One request as the persona, in a savepoint rolled back afterwards. Returns the response."""
    with transaction.atomic():
        client = Client(raise_request_exception=False)
        user = world.users[persona]
        if user is not None:
            client.force_login(user)
        path = _fill(row.path, context)
        if row.method == "GET":
            response = client.get(path)
        elif row.method == "POST":
            response = client.post(path, _body(row, context))
        else:  # PATCH, PUT, DELETE: the API's JSON writes
            response = client.generic(row.method, path, json.dumps(_json(row.body or {}, context)),
                                      content_type="application/json")
        transaction.set_rollback(True)
    return response


def _count(response):
    """Items on the first page: the worlds are smaller than a page (cursor pages carry no total)."""
    data = response.json()
    if isinstance(data, dict) and "results" in data:
        assert data.get("next") is None, "the access world outgrew one page"
        return len(data["results"])
    return len(data)


def run(world, rows):
    mismatches = []
    for row in rows:
        for state, expected_by_persona in row.expect.items():
            context = world.context(state)
            path = _fill(row.path, context)
            try:
                route = resolve(path.split("?")[0]).route
            except Resolver404:
                route = None
            if route != normalise(row.route):
                mismatches.append(Mismatch(row.name, "-", state, f"{path} to be {row.route}", route, "route"))
                continue
            for persona, expected in expected_by_persona.items():
                response = probe(world, row, persona, context)
                got = response.status_code
                if got != expected:
                    mismatches.append(Mismatch(row.name, persona, state, expected, got))
                elif row.counts and got == 200:
                    count = _count(response)
                    if count != row.counts[persona]:
                        mismatches.append(Mismatch(row.name, persona, state, row.counts[persona], count, "count"))
                elif row.shows and got == 200:
                    shown = _fill(row.marker, context) in response.content.decode()
                    if shown != row.shows[state][persona]:
                        mismatches.append(Mismatch(row.name, persona, state, row.shows[state][persona], shown,
                                                   "shown"))
    return mismatches


def report(mismatches):
    return f"{len(mismatches)} disagreement(s) with the access table:\n" + "\n".join(map(str, mismatches))
