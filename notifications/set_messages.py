"""The messages of a set-based source's won reminders, written by the database (notifications.reminders.SetSource).

A first scan after a long pause wins a hundred thousand reminders or more: reading each one into Python to
build its messages took most of the scan. Here the database fans out and writes:

1. the claims this scan won, joined to their objects' raw values, are staged in a temporary table and
   analysed: the planner could not count them before they existed, and now plans the fan-out on figures;
2. what only Python formats (dates, amounts, labels, in each language) is formatted once per distinct value
   and language, with format_value as for any message, and joined back as a lookup;
3. one INSERT … SELECT writes a row per recipient of each of the object's audiences (UNION ALL of one join
   per audience; a person already in an earlier audience of the reminder is left out of the later ones),
   its context built as JSON, and the in-app copies. The claims make each row new: a plain INSERT, as a
   function source's rows (notifications.bulk.insert_messages).

The context is the one notifications.reminders.frozen_values gives a function source's reminder.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import CharField, F, IntegerField, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation

from . import kinds
from .context import MONEY_KEYS, format_value, proposal_url
from .models import Notification, OutboxMessage

PERSON = ("person_id", "person_email", "person_name", "person_language")
URL_SENTINEL = 987654321
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@dataclass(frozen=True)
class Audience:
    """People (rows with a `user`: memberships, program roles) whose `group` column equals the object's `via`
    (a path or an expression; NULL: nobody) receive the reminders of `kinds` (empty: every kind)."""

    people: object
    group: str
    via: object
    kinds: tuple = ()


@dataclass(frozen=True)
class Messages:
    """What the won reminders of a SetSource say and to whom.

    `objects`: the claimed objects; `values`: name -> path or expression on them, the raw values a function
    source's Reminder carries (with "proposal_id", "program_id", "program_name_fr" and "program_name_en");
    `labels`: placeholder -> (names of values, function of them giving the text in the active language);
    `audiences`: who receives them; `supersedes`: kind -> kinds it says more than: when a scan wins both for
    one object (a first scan after a long pause), only the first is written; the other stays claimed, as given.
    """

    objects: object
    values: dict
    audiences: tuple
    labels: dict = field(default_factory=dict)
    supersedes: dict = field(default_factory=dict)


@dataclass
class Lookup:
    """Texts formatted in Python, joined to the messages on the language and the raw values `inputs`."""

    inputs: tuple
    rows: list


def write(messages, claims, object_type, token):
    """Write the messages of the won `claims` (a ReminderClaim queryset); return the new rows' ids (only
    them: a first scan after a long pause writes hundreds of thousands, and reading every row back into
    Python cost more than a second; notifications.reminders.ScanResult reads the details when asked)."""
    table = connection.ops.quote_name(f"reminder_claimed_{token}")
    with connection.cursor() as cursor:
        columns = _stage(cursor, table, messages, claims)
        try:
            found_kinds, lookups = _lookups(cursor, table, messages.labels, columns)
            if not found_kinds:
                return []
            return _insert(cursor, _messages(table, messages.audiences), _lookup_tables(lookups),
                           _contexts(found_kinds, columns, lookups), found_kinds, object_type)
        finally:
            cursor.execute(f"DROP TABLE {table}")


def _sql(queryset):
    return queryset.order_by().query.sql_with_params()


def _expression(path):
    return F(path) if isinstance(path, str) else path


def _stage(cursor, table, messages, claims):
    """The temporary table of the won claims with their objects' values (value_<name>) and audiences' keys
    (via_<index>). Returns {name: the value's resolved expression}."""
    shown = {f"value_{name}": _expression(path) for name, path in messages.values.items()}
    via = {f"via_{index}": _expression(audience.via) for index, audience in enumerate(messages.audiences)}
    objects = messages.objects.values(object_pk=F("pk"), **shown, **via)
    claims_sql, claims_params = _sql(claims.values("object_id", "kind", "occurrence"))
    objects_sql, objects_params = _sql(objects)
    picked = ", ".join(["c.object_id", "c.kind", "c.occurrence", *(f"o.{alias}" for alias in [*shown, *via])])
    cursor.execute(f"CREATE TEMPORARY TABLE {table} AS SELECT {picked} FROM ({claims_sql}) c "
                   f"JOIN ({objects_sql}) o ON o.object_pk = c.object_id", [*claims_params, *objects_params])
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {table}")
    for kind, replaced in messages.supersedes.items():
        cursor.execute(f"DELETE FROM {table} WHERE kind IN ({', '.join(['%s'] * len(replaced))}) AND object_id IN "
                       f"(SELECT object_id FROM {table} WHERE kind = %s)", [*replaced, kind])
    return {alias.removeprefix("value_"): objects.query.annotations[alias] for alias in shown}


def _people(audience):
    """SQL of the audience's active people: group, and as notifications.sources.person() the id, the address,
    the name or else the address, the language or else French."""
    return _sql(audience.people.filter(user__is_active=True).values(
        person_group=F(audience.group), person_id=F("user_id"), person_email=F("user__email"),
        person_name=Coalesce(NullIf("user__full_name", Value("")), "user__email", output_field=CharField()),
        person_language=Coalesce(NullIf("user__language", Value("")), Value("fr"))))


def _kinds(audience, alias):
    """SQL condition: the staged claim `alias` is of a kind the audience receives."""
    if not audience.kinds:
        return "true", []
    return f"{alias}.kind IN ({', '.join(['%s'] * len(audience.kinds))})", list(audience.kinds)


def _messages(table, audiences):
    """SQL of one row per message: the staged claim (s.*) and a recipient of one of its audiences (person_*).
    Someone in an earlier audience of the same claim is left out of the later ones: one message each."""
    selects, params = [], []
    for index, audience in enumerate(audiences):
        people_sql, people_params = _people(audience)
        receives, receives_params = _kinds(audience, "s")
        conditions, condition_params = [receives], receives_params
        for earlier_index, earlier in enumerate(audiences[:index]):
            earlier_sql, earlier_params = _people(earlier)
            earlier_receives, earlier_receives_params = _kinds(earlier, "s")
            conditions.append(f"NOT ({earlier_receives} AND EXISTS (SELECT 1 FROM ({earlier_sql}) q WHERE "
                              f"q.person_group = s.via_{earlier_index} AND q.person_id = p.person_id))")
            condition_params += [*earlier_receives_params, *earlier_params]
        selects.append(f"SELECT s.*, {', '.join(f'p.{name}' for name in PERSON)} FROM {table} s "
                       f"JOIN ({people_sql}) p ON p.person_group = s.via_{index} WHERE {' AND '.join(conditions)}")
        params += [*people_params, *condition_params]
    return " UNION ALL ".join(selects), params


def _formatted(name, expression):
    """Python formats dates, amounts and anything else that is not text or a whole number (an id)."""
    output = expression.output_field
    output = getattr(output, "target_field", output)  # a foreign key: its target's id
    return not isinstance(output, (CharField, TextField)) and (
        not isinstance(output, IntegerField) or name in MONEY_KEYS)


def _read(expression, value):
    """A raw value as the model reads it (SQLite hands dates back as text): the backend's converters."""
    for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(connection):
        value = converter(value, expression, connection)
    return value


def _lookups(cursor, table, labels, columns):
    """The kinds won, and {placeholder: Lookup} of what Python formats: the source's labels, then dates,
    amounts and the like, each once per distinct value and language Concerto speaks."""
    wanted = dict(labels) | {name: ((name,), None) for name, expression in columns.items()
                             if name not in labels and _formatted(name, expression)}
    inputs = sorted({name for names, _label in wanted.values() for name in names})
    cursor.execute(f"SELECT DISTINCT kind{''.join(f', value_{name}' for name in inputs)} FROM {table}")
    found = cursor.fetchall()
    lookups = {}
    for placeholder, (names, label) in wanted.items():
        distinct = {tuple(row[1 + inputs.index(name)] for name in names) for row in found}
        texts = []
        for language in LANGUAGES:
            with translation.override(language):
                for raw in distinct:
                    values = [_read(columns[name], value) for name, value in zip(names, raw, strict=True)]
                    text = label(*values) if label else values[0]
                    texts.append((language, *raw, format_value(placeholder, text, language)))
        lookups[placeholder] = Lookup(names, texts)
    return sorted({row[0] for row in found}), lookups


def _url_parts(language):
    """The proposal link in the language, around the proposal's id (notifications.reminders.proposal_url_builder)."""
    with translation.override(language):
        prefix, _found, suffix = proposal_url(URL_SENTINEL).partition(str(URL_SENTINEL))
    return prefix, suffix


def _placeholder(key, columns, lookups):
    """The SQL text of one placeholder of the message row `t`, and its parameters (as frozen_values)."""
    if key == "recipient_name":
        return "t.person_name", []
    if key == "site_url":
        return "CAST(%s AS TEXT)", [format_value(key, settings.SITE_URL, "")]
    if key == "url":
        return "COALESCE(url.prefix || CAST(t.value_proposal_id AS TEXT) || url.suffix, '')", []
    if key == "program_name":  # notifications.context.program_name
        return ("CASE WHEN t.person_language LIKE 'en%%' AND COALESCE(t.value_program_name_en, '') <> '' "
                "THEN t.value_program_name_en ELSE COALESCE(t.value_program_name_fr, '') END"), []
    if key in lookups:
        return f"COALESCE(l_{key}.text, '')", []
    if key not in columns:
        return "''", []
    if not isinstance(columns[key].output_field, (CharField, TextField)):
        return f"COALESCE(CAST(t.value_{key} AS TEXT), '')", []
    return f"COALESCE(t.value_{key}, '')", []


def _contexts(found_kinds, columns, lookups):
    """The context of each message as JSON: the placeholders its kind documents (CASE on the kind)."""
    builder = "jsonb_build_object" if connection.vendor == "postgresql" else "json_object"
    cases, params = [], []
    for kind in found_kinds:
        pairs = []
        params.append(kind)
        for key in kinds.get(kind).all_placeholders:
            sql, values = _placeholder(key, columns, lookups)
            pairs.append(f"CAST(%s AS TEXT), {sql}")
            params += [key, *values]
        cases.append(f"WHEN %s THEN {builder}({', '.join(pairs)})")
    return f"CASE t.kind {' '.join(cases)} END", params


def _lookup_tables(lookups):
    """WITH clauses of the lookups and of the link's parts, their joins to the message `t`, their parameters."""
    tables = [("url", ["prefix", "suffix"], [(language, *_url_parts(language)) for language in LANGUAGES], [])]
    for name, lookup in lookups.items():
        inputs = [f"v{index}" for index in range(len(lookup.inputs))]
        on = [f"t.value_{value} = l_{name}.{column}" for value, column in zip(lookup.inputs, inputs, strict=True)]
        tables.append((f"l_{name}", [*inputs, "text"], lookup.rows, on))
    withs, joins, params = [], [], []
    for alias, columns, rows, on in tables:
        row = f"({', '.join(['%s'] * (len(columns) + 1))})"
        withs.append(f"{alias} (language, {', '.join(columns)}) AS (VALUES {', '.join([row] * len(rows))})")
        joins.append(f"LEFT JOIN {alias} ON {' AND '.join([f't.person_language = {alias}.language', *on])}")
        params += [value for values in rows for value in values]
    return withs, joins, params


def _insert(cursor, rows, tables, context, found_kinds, object_type):
    """INSERT … SELECT of the outbox rows and their in-app copies; returns what write() does."""
    (rows_sql, rows_params), (withs, joins, params) = rows, tables
    given = {
        "kind": ("t.kind", []), "recipient_id": ("t.person_id", []), "to_email": ("t.person_email", []),
        "language": ("t.person_language", []), "context": context,
        "object_type": ("CAST(%s AS TEXT)", [object_type]), "object_id": ("t.object_id", []),
        "occurrence": ("t.occurrence", []), "program_id": ("t.value_program_id", []),
        # notifications.outbox.dedupe_key
        "dedupe_key": ("SUBSTR(t.kind || '|' || CAST(%s AS TEXT) || ':' || CAST(t.object_id AS TEXT) || '|' || "
                       "t.occurrence || '|' || LOWER(t.person_email), 1, 255)", [object_type]),
    }
    defaults = OutboxMessage()  # every other column: the model's default
    fields = [model_field for model_field in OutboxMessage._meta.concrete_fields if not model_field.primary_key]
    selected = []
    for model_field in fields:
        sql, values = given.get(model_field.attname) or (
            "%s", [model_field.get_db_prep_save(model_field.pre_save(defaults, True), connection)])
        selected.append(sql)
        params = [*params, *values]
    quote = connection.ops.quote_name
    insert = (f"INSERT INTO {quote(OutboxMessage._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
              f"SELECT {', '.join(selected)} FROM ({rows_sql}) t {' '.join(joins)} "
              f"RETURNING id, recipient_id, kind")
    params += rows_params
    in_app = [kind for kind in found_kinds if kinds.get(kind).in_app] or [""]
    created_at = Notification(user_id=0, message_id=0).created_at
    if connection.vendor == "postgresql":
        copies = (f"INSERT INTO {quote(Notification._meta.db_table)} (user_id, message_id, created_at) "
                  f"SELECT recipient_id, id, %s FROM written WHERE recipient_id IS NOT NULL "
                  f"AND kind IN ({', '.join(['%s'] * len(in_app))})")
        cursor.execute(f"WITH {', '.join(withs)}, written AS ({insert}), copied AS ({copies}) SELECT id FROM written",
                       [*params, created_at, *in_app])
        return [new_id for (new_id,) in cursor.fetchall()]
    cursor.execute(f"WITH {', '.join(withs)} {insert}", params)
    written = cursor.fetchall()
    Notification.objects.bulk_create([Notification(user_id=row[1], message_id=row[0], created_at=created_at)
                                      for row in written if row[1] and row[2] in in_app])
    return [row[0] for row in written]
