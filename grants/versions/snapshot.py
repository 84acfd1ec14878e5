"""The JSON of one version, built by the database from the proposal's rows in a single SELECT.

The submit transaction inserts it with INSERT … SELECT (grants.services.versions.freeze): one statement
however many lines the application has. Amounts are kept as text ("1500.00"), never as floats. The answers
to the call's own questions (grants.models.question) are kept with the wording each one was given to.
"""

import re

from django.db.models import Aggregate, CharField, F, Func, JSONField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, JSONObject

from grants.api.proposals import LINE_FIELDS, SECTION_TEXTS, SECTION_VALUES

from ..models import Answer, Attachment, BudgetLine, CoFunding, Indicator, Partner, Proposal

SCHEMA = 1
MONEY_FIELDS = {"cash_contribution", "in_kind_contribution", "total_amount", "fund_amount", "amount", "target"}
LINE_MODELS = {"partners": Partner, "budget_lines": BudgetLine, "cofundings": CoFunding, "indicators": Indicator}
# Many-to-many sections: (relation, the through table's field to the target, the target's columns).
CHOICES = {
    "mrcs": ("territory", ("name",)),
    "municipalities": ("territory", ("name",)),
    "secondary_axes": ("axis", ("code", "name_fr", "name_en")),
    "priorities": ("priority", ("text",)),
}
ATTACHMENT_COLUMNS = {"kind_code": "kind__code", "kind_fr": "kind__name_fr", "kind_en": "kind__name_en",
                      "original_name": "original_name", "content_type": "content_type", "size": "size",
                      "uploaded_at": "uploaded_at"}
# Every answer row (each version of a question the proposal answered), with that version's wording.
ANSWER_COLUMNS = {"question_id": "question_id", "step": "question__step", "order": "question__order",
                  "version": "version__number", "kind": "version__kind", "label_fr": "version__label_fr",
                  "label_en": "version__label_en", "text": "text", "date": "date", "boolean": "boolean",
                  "file_name": "file_name"}


NAME = re.compile(r"[a-z][a-z0-9_]*")


class Name(Value):
    """A key of the snapshot written into the statement itself: the snapshot has some 120 keys, and as many
    parameters cost the driver their quoting at every submit. Only the code's own names, checked."""

    def as_sql(self, compiler, connection):
        if not NAME.fullmatch(self.value):
            raise ValueError(f"not a snapshot key: {self.value!r}")
        return f"'{self.value}'", []


class Object(JSONObject):
    """JSONObject with its keys as Name."""

    def __init__(self, **fields):
        super().__init__(**fields)
        self.set_source_expressions([Name(expression.value) if index % 2 == 0 else expression
                                     for index, expression in enumerate(self.get_source_expressions())])


class AsJSON(Func):
    """A JSON value coming out of a subquery: PostgreSQL keeps its jsonb type, SQLite needs JSON() or it
    nests the text as a string."""

    template = "%(expressions)s"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="JSON(%(expressions)s)", **extra)


class JSONList(Aggregate):
    """The rows' JSON objects as one array, ordered by the second expression (in a subquery grouped by
    proposal)."""

    output_field = JSONField()

    def as_sql(self, compiler, connection, **extra):
        value, order = (compiler.compile(expression) for expression in self.get_source_expressions()[:2])
        if connection.vendor == "postgresql":
            return f"JSONB_AGG({value[0]} ORDER BY {order[0]})", (*value[1], *order[1])
        # SQLite 3.40 orders no aggregate: the reader sorts each list by id (normalise below).
        return f"JSON_GROUP_ARRAY(JSON({value[0]}))", value[1]


class AmountText(Func):
    """An amount as text with its two decimals ("1500.00"): PostgreSQL's numeric keeps them, SQLite stores
    1500 and needs them printed."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="CAST(%(expressions)s AS text)", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        # PRINTF would print an empty amount as 0.00.
        return f"CASE WHEN {sql} IS NULL THEN NULL ELSE PRINTF('%%.2f', {sql}) END", (*params, *params)


def _rows(queryset, **columns):
    grouped = queryset.filter(proposal=OuterRef("pk")).order_by().values("proposal")
    rows = grouped.annotate(rows=JSONList(Object(**columns), columns["id"])).values("rows")
    # JSON around the COALESCE: SQLite would otherwise keep the fallback '[]' as a string.
    return AsJSON(Coalesce(Subquery(rows), Value([], output_field=JSONField()), output_field=JSONField()))


def _column(name):
    return AmountText(name) if name in MONEY_FIELDS else F(name)


def expression():
    """The snapshot of the outer query's proposal (an expression over grants_proposal)."""
    lines = {kind: _rows(model.objects.alias(), id=F("id"), **{name: _column(name) for name in LINE_FIELDS[kind]})
             for kind, model in LINE_MODELS.items()}
    chosen = {}
    for relation, (target, columns) in CHOICES.items():
        through = getattr(Proposal, relation).through.objects.alias()
        chosen[relation] = _rows(through, id=F(f"{target}_id"),
                                 **{column: F(f"{target}__{column}") for column in columns})
    attachments = _rows(Attachment.objects.alias(), id=F("id"),
                        **{key: F(path) for key, path in ATTACHMENT_COLUMNS.items()})
    answers = _rows(Answer.objects.alias(), id=F("id"), **{key: F(path) for key, path in ANSWER_COLUMNS.items()},
                    number=AmountText("number"), choices=AsJSON(F("choices")), options=AsJSON(F("version__options")))
    axis = Object(id=F("primary_axis_id"), code=F("primary_axis__code"), name_fr=F("primary_axis__name_fr"),
                      name_en=F("primary_axis__name_en"))
    return Object(
        schema=Value(SCHEMA), **{name: F(name) for name in SECTION_TEXTS + SECTION_VALUES},
        requested_amount=AmountText("requested_amount"), primary_axis=axis,
        **chosen, **lines, attachments=attachments, answers=answers)


def normalise(snapshot):
    """Lists in a fixed order whatever the database gave (SQLite does not order the aggregates)."""
    data = dict(snapshot)
    for key in (*LINE_MODELS, *CHOICES, "attachments", "answers"):
        data[key] = sorted(data.get(key) or [], key=lambda row: row.get("id") or 0)
    axis = data.get("primary_axis") or {}
    data["primary_axis"] = axis if axis.get("id") else None
    return data
