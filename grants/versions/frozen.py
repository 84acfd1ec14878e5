"""A version as an in-memory proposal, for the pages and files that show an application (the printable
PDF, the board packet): the live proposal's identity and decision fields, the version's sections, lines,
territories, axes, priorities, documents and answers to the call's questions. Nothing here is saved; its
relations answer from memory.
"""

import copy
from datetime import date
from decimal import Decimal

from django.utils.dateparse import parse_datetime

from grants.answers import STEP_ORDER, AnswerRow
from grants.api.proposals import SECTION_TEXTS

from ..models import (
    Answer,
    Attachment,
    AttachmentType,
    Axis,
    CallQuestion,
    Priority,
    QuestionVersion,
    Territory,
)
from .snapshot import LINE_MODELS, MONEY_FIELDS, normalise


def as_proposal(version, live):
    """`live` with the application of `version`; `frozen_version` tells the templates which one it is."""
    data = normalise(version.snapshot)
    frozen = copy.copy(live)
    for name in SECTION_TEXTS:
        setattr(frozen, name, data.get(name) or "")
    for name in ("expected_women", "expected_men", "expected_other"):
        setattr(frozen, name, data.get(name))
    for name in ("start_date", "end_date"):
        setattr(frozen, name, date.fromisoformat(data[name]) if data.get(name) else None)
    frozen.requested_amount = Decimal(str(data.get("requested_amount") or 0))
    frozen.primary_axis = _axis(data["primary_axis"], live) if data.get("primary_axis") else None
    cache = {
        "mrcs": [Territory(pk=row["id"], name=row["name"], kind="mrc") for row in data["mrcs"]],
        "municipalities": [Territory(pk=row["id"], name=row["name"], kind="municipality")
                           for row in data["municipalities"]],
        "secondary_axes": [_axis(row, live) for row in data["secondary_axes"]],
        "priorities": [Priority(pk=row["id"], text=row["text"]) for row in data["priorities"]],
        "attachments": [_attachment(row, live) for row in data["attachments"]],
        **{kind: [model(proposal_id=live.pk, **_line(row)) for row in data[kind]]
           for kind, model in LINE_MODELS.items()},
    }
    frozen._prefetched_objects_cache = {name: _remembered(frozen, name, rows) for name, rows in cache.items()}
    frozen.frozen_version = version
    frozen.frozen_answer_rows = answer_rows(data)
    return frozen


def answer_rows(data):
    """The answers of a normalised snapshot as grants.answers.AnswerRow, in the form's order when it was
    filed: for each question, the answer to the latest version of it the proposal answered, with that
    version's wording, as grants.answers reads the live ones (grants/questions/_answers.html shows them)."""
    latest = {}
    for row in sorted(data.get("answers") or [], key=lambda row: (row["question_id"], row["version"])):
        latest[row["question_id"]] = row
    rows = []
    for row in latest.values():
        version = QuestionVersion(question_id=row["question_id"], number=row["version"], kind=row["kind"],
                                  label_fr=row.get("label_fr") or "", label_en=row.get("label_en") or "",
                                  options=row.get("options") or [])
        answer = Answer(pk=row["id"], question_id=row["question_id"], version=version, text=row.get("text") or "",
                        number=Decimal(row["number"]) if row.get("number") is not None else None,
                        date=date.fromisoformat(row["date"]) if row.get("date") else None,
                        boolean=None if row.get("boolean") is None else bool(row["boolean"]),
                        choices=row.get("choices") or [], file_name=row.get("file_name") or "")
        # No current version: the row reads as answered to the wording it shows.
        question = CallQuestion(pk=row["question_id"], step=row.get("step") or "", order=row.get("order") or 0)
        rows.append(AnswerRow(question, version, answer))
    return sorted(rows, key=lambda row: (STEP_ORDER.get(row.question.step, 99), row.question.order, row.question.pk))


def _remembered(proposal, name, rows):
    """A queryset that answers `rows` without a query, as a prefetch leaves it."""
    queryset = getattr(proposal, name).model._default_manager.none()
    queryset._result_cache, queryset._prefetch_done = rows, True
    return queryset


def _axis(row, live):
    return Axis(pk=row["id"], program_id=live.program_id, code=row.get("code") or "",
                name_fr=row.get("name_fr") or "", name_en=row.get("name_en") or "")


def _line(row):
    values = {key: (Decimal(str(value)) if key in MONEY_FIELDS and value is not None else value)
              for key, value in row.items() if key != "id"}
    return {"pk": row["id"], **values}


def _attachment(row, live):
    kind = AttachmentType(code=row.get("kind_code") or "", name_fr=row.get("kind_fr") or "",
                          name_en=row.get("kind_en") or "")
    return Attachment(pk=row["id"], proposal_id=live.pk, kind=kind, original_name=row["original_name"],
                      content_type=row.get("content_type") or "", size=row.get("size") or 0,
                      uploaded_at=parse_datetime(row["uploaded_at"]) if row.get("uploaded_at") else None)
