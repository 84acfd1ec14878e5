"""What changed between two versions, section by section: words in the long texts, values in the short
fields, items added or removed in the lists (territories, axes, priorities) and rows added, removed or
changed in the tables (matched by their id: the form keeps a line's id while it is edited), and the answers
to the call's own questions as they read (matched by question, under the newer wording).

compare(older, newer) takes two snapshots (grants.versions.snapshot.normalise) and returns a VersionDiff;
unchanged sections are left out. Derived figures (the requested amount, the totals) are not changes of
their own: the budget table shows its total before and after.
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.languages import in_reader_language

from ..models import Attachment, BudgetLine, CoFunding, Indicator, Partner, Proposal, QuestionKind
from .frozen import answer_rows
from .snapshot import MONEY_FIELDS

FORMATS = {**{name: "money" for name in MONEY_FIELDS}, "target": "number", "size": "bytes"}
CONTEXT = 12  # words kept on each side of a change in a long text; the rest of an unchanged run is elided
# Words, spaces and each punctuation mark apart: "revenu." → "revenu et autres." adds two words, and keeps
# "revenu" and the period as they were.
TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
WORD = re.compile(r"\w")
# Sentences and lines, each with the spaces after it: matched first, so that words are matched only within
# the sentences that changed (matching the words of two long texts costs n × m; the sentences, a few).
SENTENCES = re.compile(r"[^\n.!?…]*(?:[.!?…]+\s*|\n+|$)")

SECTIONS = (
    (_("Projet"), ("title", "public_summary", "start_date", "end_date")),
    (_("Personne responsable et personne-ressource"),
     ("project_lead_name", "project_lead_role", "contact_name", "contact_role", "contact_email", "contact_phone")),
    (_("Organisme et territoire"), ("mission", "mrcs", "municipalities", "territory_details", "target_population")),
    (_("Problématique, objectifs et résultats"),
     ("problem_statement", "objectives", "expected_results", "concerns", "complementarity")),
    (_("Axes et priorités"), ("primary_axis", "secondary_axes", "priorities")),
    (_("Analyse différenciée selon les sexes (ADS+)"),
     ("gender_impact", "expected_women", "expected_men", "expected_other")),
)
LISTS = {"mrcs", "municipalities", "secondary_axes", "priorities"}
# Each table: its model, the columns shown, the one that names a row, the total shown before and after.
TABLES = (
    ("partners", Partner, ("name", "kind", "role", "cash_contribution", "in_kind_contribution"), "name", None),
    ("budget_lines", BudgetLine, ("category", "description", "total_amount", "fund_amount"), "description",
     "fund_amount"),
    ("cofundings", CoFunding, ("source", "amount", "status"), "source", None),
    ("indicators", Indicator, ("label", "target", "unit"), "label", None),
    ("attachments", Attachment, ("original_name", "kind", "size"), "original_name", None),
)


@dataclass
class Piece:
    kind: str  # "same", "ins", "del" or "gap" (unchanged words left out)
    text: str


@dataclass
class Change:
    key: str
    label: str
    kind: str  # "text" (words), "value" (before → after) or "list" (items added and removed)
    pieces: list = field(default_factory=list)
    added_words: int = 0
    removed_words: int = 0
    old: object = None
    new: object = None
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)


@dataclass
class Cell:
    label: str
    old: object
    new: object
    changed: bool
    format: str  # "money", "bytes", "number" or "" (as is)


@dataclass
class Row:
    status: str  # "added", "removed" or "changed"
    name: str
    cells: list

    @property
    def changed_columns(self):
        return [cell.label for cell in self.cells if cell.changed]


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list
    total_label: str = ""
    total_old: object = None
    total_new: object = None


@dataclass
class Section:
    title: str
    changes: list = field(default_factory=list)
    tables: list = field(default_factory=list)


@dataclass
class VersionDiff:
    sections: list

    @property
    def empty(self):
        return not self.sections

    def summary(self):
        """Every change as a short tuple, for tests and logs: (key,), (table, status, row name)."""
        found = []
        for section in self.sections:
            found += [(change.key,) for change in section.changes]
            for table in section.tables:
                found += [(table.key, row.status, row.name) for row in table.rows]
        return found


def compare(older, newer):
    sections = []
    for title, keys in SECTIONS:
        changes = [change for change in (_field_change(key, older, newer) for key in keys) if change]
        if changes:
            sections.append(Section(str(title), changes=changes))
    changes = _answer_changes(older, newer)
    if changes:
        sections.append(Section(str(_("Questions propres à l'appel")), changes=changes))
    tables = [table for table in (_table(spec, older, newer) for spec in TABLES) if table.rows]
    if tables:
        sections.append(Section(str(_("Tableaux")), tables=tables))
    return VersionDiff(sections)


def _label(key):
    return capfirst(Proposal._meta.get_field(key).verbose_name)


def _field_change(key, older, newer):
    old, new = older.get(key), newer.get(key)
    if key in LISTS:
        before, after = {_item(key, row) for row in old or []}, {_item(key, row) for row in new or []}
        if before == after:
            return None
        return Change(key, _label(key), "list", added=sorted(after - before), removed=sorted(before - after))
    if key == "primary_axis":
        old, new = _axis_name(old), _axis_name(new)
    if (old or None) == (new or None):
        return None
    if _is_long(key):
        return _words(key, _label(key), old or "", new or "")
    return Change(key, _label(key), "value", old=_value(key, old), new=_value(key, new))


def _is_long(key):
    return Proposal._meta.get_field(key).get_internal_type() == "TextField"


def _answer_changes(older, newer):
    before = {row.question.pk: row for row in answer_rows(older)}
    after = {row.question.pk: row for row in answer_rows(newer)}
    # The newer version's order, then the questions it no longer answers.
    order = [*after, *(question_id for question_id in before if question_id not in after)]
    changes = []
    for question_id in order:
        old, new = before.get(question_id), after.get(question_id)
        shown_old, shown_new = (row.shown if row else "" for row in (old, new))
        if shown_old == shown_new:
            continue
        version = (new or old).version
        key = f"question_{question_id}"
        if version.kind == QuestionKind.LONG_TEXT:
            changes.append(_words(key, version.label, shown_old, shown_new))
        else:
            changes.append(Change(key, version.label, "value", old=shown_old or None, new=shown_new or None))
    return changes


def _words(key, label, old, new):
    runs = _runs(old, new)
    pieces, added, removed = [], 0, 0
    for index, (kind, tokens) in enumerate(runs):
        if kind == "same":
            pieces += _elided(tokens, first=not pieces, last=index == len(runs) - 1)
            continue
        if kind == "del":
            removed += _count(tokens)
        else:
            added += _count(tokens)
        pieces.append(Piece(kind, "".join(tokens)))
    return Change(key, label, "text", pieces=pieces, added_words=added, removed_words=removed)


def _runs(old, new):
    """[(kind, tokens)]: "same", "del" and "ins" runs, the unchanged ones merged."""
    before, after = ([part for part in SENTENCES.findall(text) if part] for text in (old, new))
    runs = []
    for operation, i1, i2, j1, j2 in _opcodes(before, after):
        old_tokens, new_tokens = TOKENS.findall("".join(before[i1:i2])), TOKENS.findall("".join(after[j1:j2]))
        if operation == "equal":
            runs.append(("same", old_tokens))
            continue
        for word_operation, a1, a2, b1, b2 in _opcodes(old_tokens, new_tokens):
            if word_operation == "equal":
                runs.append(("same", old_tokens[a1:a2]))
                continue
            if a2 > a1:
                runs.append(("del", old_tokens[a1:a2]))
            if b2 > b1:
                runs.append(("ins", new_tokens[b1:b2]))
    merged = []
    for kind, tokens in runs:
        if merged and kind == "same" and merged[-1][0] == "same":
            merged[-1] = ("same", merged[-1][1] + tokens)
        else:
            merged.append((kind, tokens))
    return merged


def _opcodes(before, after):
    return difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()


def _count(tokens):
    return sum(1 for token in tokens if WORD.match(token))


def _elided(tokens, *, first, last):
    """An unchanged run: whole when short, else CONTEXT words next to each change and a gap between."""
    words = [index for index, token in enumerate(tokens) if WORD.match(token)]
    if len(words) <= CONTEXT * 2:
        return [Piece("same", "".join(tokens))]
    head = [] if first else [Piece("same", "".join(tokens[:words[CONTEXT]]))]
    tail = [] if last else [Piece("same", "".join(tokens[words[-CONTEXT]:]))]
    return [*head, Piece("gap", "…"), *tail]


def _item(key, row):
    if key == "secondary_axes":
        return _axis_name(row)
    return row.get("text") if key == "priorities" else row.get("name")


def _axis_name(axis):
    if not axis:
        return None
    return in_reader_language(axis.get("name_fr"), axis.get("name_en")) or axis.get("code")


def _value(key, value):
    if value in (None, ""):
        return None
    if key in ("start_date", "end_date"):
        return date.fromisoformat(value)
    return value


def _table(spec, older, newer):
    key, model, columns, name, total = spec
    before = {row["id"]: row for row in older.get(key) or []}
    after = {row["id"]: row for row in newer.get(key) or []}
    rows = []
    for pk in sorted(before.keys() | after.keys()):
        old, new = before.get(pk), after.get(pk)
        cells = [_cell(model, column, old, new) for column in columns]
        if old is None or new is None:
            status = "added" if old is None else "removed"
        elif any(cell.changed for cell in cells):
            status = "changed"
        else:
            continue
        rows.append(Row(status, str((new or old).get(name) or ""), cells))
    table = Table(key, capfirst(str(model._meta.verbose_name_plural)), [cell.label for cell in
                                                                        (rows[0].cells if rows else [])], rows)
    if total and rows:
        table.total_label = str(capfirst(model._meta.get_field(total).verbose_name))
        table.total_old = _sum(older.get(key), total)
        table.total_new = _sum(newer.get(key), total)
    return table


def _cell(model, column, old, new):
    if column == "kind" and model is Attachment:
        label, before, after = capfirst(_("type")), _kind(old), _kind(new)
    else:
        model_field = model._meta.get_field(column)
        label = capfirst(model_field.verbose_name)
        before, after = (_display(model_field, row.get(column)) if row else None for row in (old, new))
    changed = old is not None and new is not None and before != after
    return Cell(str(label), before, after, changed, FORMATS.get(column, ""))


def _display(model_field, value):
    if value is None:
        return None
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.name in MONEY_FIELDS:
        return Decimal(str(value))
    return value


def _kind(row):
    if row is None:
        return None
    return in_reader_language(row.get("kind_fr"), row.get("kind_en")) or row.get("kind_code")


def _sum(rows, column):
    return sum((Decimal(str(row.get(column) or 0)) for row in rows or []), Decimal("0"))
