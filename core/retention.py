"""Retention (Loi 25): how long each kind of record is kept, and what happens to it afterwards.

Core owns the registry and the rules; each app registers the kinds of records it owns from its
AppConfig.ready() (grants: closed proposals, idle drafts, unused invitations, inactive accounts;
notifications: message bodies; core: expired sessions, the access log):

    register_kind(code, label, apply_fn, default_days=..., description=...)

`apply_fn(cutoff, dry_run) -> count` acts on the records older than `cutoff` (deletes, blanks or
anonymises them) and returns how many it acted on; with dry_run it only counts. It must be idempotent
(a record already dealt with is not counted again) and must delete stored files only after commit.

A RetentionRule row per kind (created with the registered default, editable in the admin: days, active)
says how many days a record is kept. `apply()` runs every active rule, each in its own transaction, and
records a RetentionRun (when, kind, cutoff, count, dry_run). The daily Celery beat task
`core.apply_retention` and `manage.py apply_retention [--dry-run]` call it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from .models import RetentionRule, RetentionRun

TASK = "core.apply_retention"
# The daily beat schedule (created by core's migration 0002; notifications.schedules lists it too, so
# `manage.py setup_schedules` puts it back if it was deleted). 03:30, before the morning reminders.
SCHEDULE = ("Conservation : application quotidienne des règles", TASK,
            {"minute": "30", "hour": "3", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}, None)


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    apply: object  # apply_fn(cutoff, dry_run) -> count
    default_days: int
    description: str = ""


_KINDS = {}


def register_kind(code, label, apply_fn, *, default_days=365, description=""):
    """Called once per kind from the owning app's ready(); registering the same function again is a no-op."""
    known = _KINDS.get(code)
    if known is not None and known.apply is not apply_fn:
        raise ImproperlyConfigured(f"Retention kind {code!r} is already registered by {known.apply!r}.")
    _KINDS[code] = Kind(code, label, apply_fn, default_days, description)
    return apply_fn


def kinds():
    return [_KINDS[code] for code in sorted(_KINDS)]


def get(code):
    return _KINDS.get(code)


def label(code):
    kind = _KINDS.get(code)
    return kind.label if kind else code


def ensure_rules(model=None, using="default"):
    """Create the rule of every registered kind that has none yet (never changes an edited rule).
    `model` is the historical model when called after `migrate` (core.apps)."""
    rules = (model or RetentionRule)._default_manager.db_manager(using)
    existing = set(rules.values_list("kind", flat=True))
    return [rules.create(kind=kind.code, days=kind.default_days, active=True)
            for kind in kinds() if kind.code not in existing]


@dataclass(frozen=True)
class Outcome:
    kind: Kind
    rule: RetentionRule
    run: RetentionRun


def apply(*, dry_run=False, now=None, source="command", only=None):
    """Apply every active rule (or those named in `only`). Returns one Outcome per rule applied.

    A dry run calls each kind with dry_run=True inside a savepoint rolled back afterwards, so even a
    kind that wrote by mistake changes nothing; only the RetentionRun rows are kept.
    """
    now = now or timezone.now()
    ensure_rules()
    rules = RetentionRule.objects.filter(active=True).order_by("kind")
    if only:
        rules = rules.filter(kind__in=only)
    outcomes = []
    for rule in rules:
        kind = _KINDS.get(rule.kind)
        if kind is None:  # a rule left behind by a kind no app registers any more
            continue
        cutoff = now - timedelta(days=rule.days)
        with transaction.atomic():
            if dry_run:
                with transaction.atomic():
                    count = kind.apply(cutoff, True)
                    transaction.set_rollback(True)
            else:
                count = kind.apply(cutoff, False)
            run = RetentionRun.objects.create(ran_at=now, kind=rule.kind, days=rule.days, cutoff=cutoff,
                                              count=count, dry_run=dry_run, source=source)
        outcomes.append(Outcome(kind, rule, run))
    return outcomes


def summary(outcomes):
    """{kind code: count}, for the Celery task's result and logs."""
    return {outcome.kind.code: outcome.run.count for outcome in outcomes}
