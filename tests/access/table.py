"""The access matrix: persona × object × state × action → expected HTTP status, written by hand.

Every expected value in the table_*.py modules is a literal taken from the access policy (the brief of
tests/access), never computed from the product's roles, rules or life-cycle table. Rows are keyed by the
full route string the URL resolver spells (e.g. "evaluation/seances/<int:pk>/"), so a view moving between
apps keeps its row; test_coverage.py fails when a route has no row.

Notation
--------
P(default, persona=status, ...)   every persona gets `default` unless named.
ALL(status)                       every persona, anonymous included, gets `status`.
same(personas)                    a state-independent row (state "-").
each(states, personas)            the same answers in several proposal states.
GET(route, path, expect) / POST(route, path, expect, body=...)
    `path` is the concrete URL, with {placeholders} filled from the world of conftest.py for the state
    being probed ({proposal} is the proposal in that state, {call}, {program}, {meeting} ...).
    `body` values may use the same placeholders; FILE stands for a small PDF upload.
    `counts` maps a persona to the number of items a 200 list answer must hold (API list endpoints).
    `shows` maps a state to {persona: True/False}: whether a 200 answer holds `marker` (the search's
    results: the probed proposal's link is listed or not).
"""

from dataclasses import dataclass

PERSONAS = (
    "anonymous", "applicant", "other_applicant", "analyst", "outside_analyst", "reviewer", "reviewer_pending",
    "reviewer_recused", "reviewer_unassigned", "board", "manager", "admin",
)
STATES = ("draft", "submitted", "under_analysis", "changes_requested", "recommended", "funded", "reported")
ANALYSIS_STATES = ("submitted", "under_analysis", "changes_requested")
DECISION_STATES = ("recommended", "funded", "reported")
ANY = "-"  # the state of rows that do not depend on a proposal's state
FILE = object()  # a body value: upload a small PDF


def P(default, **overrides):
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    return {persona: overrides.get(persona, default) for persona in PERSONAS}


def ALL(status):
    return P(status)


def same(personas):
    return {ANY: personas}


def each(states, personas):
    return {state: personas for state in states}


@dataclass(frozen=True)
class Row:
    route: str
    path: str
    expect: dict  # state -> {persona: status}
    method: str = "GET"
    body: dict | None = None
    counts: dict | None = None  # persona -> items in a 200 list answer
    # state -> {persona: whether a 200 answer holds `marker` (filled like `path`)}: what a page lists
    shows: dict | None = None
    marker: str = ""
    label: str = ""  # tells rows of one route apart (e.g. the transition name)
    family: str = ""

    @property
    def name(self):
        return f"{self.method} {self.route}" + (f" [{self.label}]" if self.label else "")


def GET(route, path, expect, **kwargs):
    return Row(route, path, expect, "GET", **kwargs)


def POST(route, path, expect, **kwargs):
    return Row(route, path, expect, "POST", **kwargs)


def _rows():
    from . import (
        table_accountability,
        table_accounts,
        table_admin,
        table_api,
        table_api_accountability,
        table_api_scoring,
        table_bulk,
        table_funders,
        table_grants,
        table_notifications,
        table_portal,
        table_privacy,
        table_questions,
        table_reporting_dashboard,
        table_reporting_exports,
        table_scoring,
        table_search,
        table_site,
        table_thread,
        table_twostage,
        table_versions,
        table_webhooks,
        table_workflow,
    )

    families = {
        "site": table_site.ROWS,
        "accounts": table_accounts.ROWS,
        "organisations": table_grants.ORGANISATION_ROWS,
        "proposals": table_grants.PROPOSAL_ROWS,
        "analysis": table_workflow.PAGE_ROWS,
        "transitions": table_workflow.TRANSITION_ROWS,
        "reviews": table_scoring.REVIEW_ROWS,
        "ranking": table_scoring.RANKING_ROWS,
        "decisions": table_scoring.DECISION_ROWS,
        "accountability": table_accountability.ROWS,
        "notifications": table_notifications.ROWS,
        "privacy": table_privacy.ROWS,
        "admin": table_admin.ROWS,
        "api": table_api.ROWS,
        "api_transitions": table_api.TRANSITION_ROWS,
        "api_accountability": table_api_accountability.ROWS,
        "webhooks": table_webhooks.ROWS,
        "api_scoring": table_api_scoring.ROWS,
        "portal": table_portal.ROWS,
        "reporting_exports": table_reporting_exports.ROWS,
        "reporting_dashboard": table_reporting_dashboard.ROWS,
        "search": table_search.ROWS,
        "bulk": table_bulk.ROWS,
        "thread": table_thread.ROWS,
        "questions": table_questions.ROWS,
        "funders": table_funders.ROWS,
        "versions": table_versions.ROWS,
        "two_stage": table_twostage.ROWS,
    }
    return [Row(**{**row.__dict__, "family": family}) for family, rows in families.items() for row in rows]


ROWS = _rows()
FAMILIES = tuple(dict.fromkeys(row.family for row in ROWS))

# Route prefixes covered as a family by a few concrete rows (table_admin.py): the Django admin generates
# a dozen routes per registered model.
PREFIX_FAMILIES = {"admin/": "table_admin.ROWS: index, login, proposal changelist and change page, outbox"}
