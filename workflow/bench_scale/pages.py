"""The measured pages, each with the person who opens it and its bare twin: one raw query fetching the rows
the page shows (the first page of a list; all rows of a page that shows all), so the ratio says what the
page costs beyond reading its rows."""

import base64
import json
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlparse

from django.urls import reverse
from rest_framework.pagination import Cursor

from accountability.api.views import ReportViewSet
from accountability.models import Agreement, ReachedByAxis, Report
from core.api_auth import CursorPage
from grants.models import Proposal
from scoring.models import ReviewerAssignment

from .sizes import COMMITTED

DEPTH = 0.75  # a deep page starts three quarters down the list

PROPOSALS = "grants_proposal p JOIN grants_call c ON c.id = p.call_id JOIN grants_organisation o ON o.id = p.organisation_id"
QUEUE = (f"SELECT p.id, p.reference, p.title, p.state, p.requested_amount, p.submitted_at, c.title, o.legal_name, "
         f"o.verified_at, p.assigned_analyst_name FROM {PROPOSALS} WHERE p.program_id = %s AND p.state <> 'draft'")
API_PROPOSALS = ("SELECT p.id, p.reference, p.title, p.state, p.call_id, p.organisation_id, p.requested_amount, "
                 "p.submitted_at, p.created_at, p.updated_at FROM grants_proposal p "
                 "WHERE p.program_id = %s AND p.state <> 'draft'")
PUBLISHED = "p.state IN ({}) AND p.publication_withheld_at IS NULL".format(", ".join(f"'{s}'" for s in sorted(COMMITTED)))


@dataclass(frozen=True)
class Page:
    key: str  # the bare view's name
    label: str
    persona: str  # a Dataset attribute, or "" for an anonymous visitor
    url: str
    sql: str
    params: tuple = ()


def pages(data):
    program, analyst_rows = data.program, Proposal.objects.filter(program=data.program).exclude(state="draft")
    queue = f"{reverse('workflow:queue')}?{urlencode({'programme': program.code})}"
    deep = _at_depth(analyst_rows.order_by("-submitted_at", "-id"))
    deep_page = round(analyst_rows.count() * DEPTH / 25) + 1
    api_deep = _at_depth(analyst_rows.order_by("-created_at", "-id"))
    reports = Report.objects.filter(agreement__proposal__program=program)
    report_deep = _at_depth(reports.order_by(*ReportViewSet.ordering))
    ranked = Proposal.objects.filter(call=data.big_call).count()
    mine = Proposal.objects.filter(organisation_id=data.organisation_id).count()
    assigned = ReviewerAssignment.objects.filter(reviewer=data.reviewer).count()
    proposals_api, reports_api = reverse("proposal-list"), reverse("report-list")
    return [
        # The floor of every page: the site's layout around a fixed text, against a bare twin reading nothing.
        Page("layout", "layout alone (privacy notice)", "analyst", reverse("privacy"), "SELECT 1"),
        Page("queue", "analyst queue, first page", "analyst", queue,
             f"{QUEUE} ORDER BY p.submitted_at DESC, p.id DESC LIMIT 26", (program.pk,)),
        Page("queue-deep", f"queue, deep page ({deep_page:,})", "analyst",
             f"{queue}&apres={_keyset_cursor(deep.submitted_at, deep.pk)}",
             f"{QUEUE} AND (p.submitted_at, p.id) < (%s, %s) ORDER BY p.submitted_at DESC, p.id DESC LIMIT 26",
             (program.pk, deep.submitted_at, deep.pk)),
        Page("queue-analyst", "queue filtered by analyst", "analyst", f"{queue}&analyst={data.other_analyst.pk}",
             f"{QUEUE} AND p.assigned_analyst_id = %s ORDER BY p.submitted_at DESC, p.id DESC LIMIT 26",
             (program.pk, data.other_analyst.pk)),
        Page("queue-sort-analyst", "queue sorted by analyst", "analyst", f"{queue}&sort=analyst",
             f"{QUEUE} AND p.assigned_analyst_name IS NOT NULL ORDER BY p.assigned_analyst_name, p.id LIMIT 26",
             (program.pk,)),
        Page("queue-sort-organisation", "queue sorted by organisation", "analyst", f"{queue}&sort=organisation",
             f"{QUEUE} ORDER BY p.organisation_name, p.id LIMIT 26", (program.pk,)),
        Page("detail", "staff proposal detail", "analyst", reverse("workflow:detail", args=[data.funded_proposal_id]),
             f"SELECT p.*, c.title, o.legal_name FROM {PROPOSALS} WHERE p.id = %s", (data.funded_proposal_id,)),
        Page("ranking", f"ranking, call of {ranked:,} (bare: first 50)", "analyst",
             reverse("scoring:ranking", args=[data.big_call.pk]),
             "SELECT p.id, p.title, p.requested_amount, o.legal_name, AVG(r.weighted_total) AS score, COUNT(r.id) "
             "FROM grants_proposal p JOIN grants_organisation o ON o.id = p.organisation_id "
             "JOIN scoring_review r ON r.proposal_id = p.id AND r.state = 'submitted' WHERE p.call_id = %s "
             "GROUP BY p.id, o.legal_name ORDER BY score DESC, p.id LIMIT 50", (data.big_call.pk,)),
        Page("commitments", "commitments", "manager", reverse("scoring:commitments", args=[program.pk]),
             # The page reads the program's commitments kept up to date (grants.commitments): its bare twin too.
             "SELECT dimension, key, proposals, committed, count, pending FROM grants_commitmenttotal "
             "WHERE program_id = %s AND proposals > 0", (program.pk,)),
        Page("results", "program results", "manager", reverse("program_results", args=[program.pk]),
             # The page reads the program's totals kept up to date (accountability.totals): its bare twin too.
             f"SELECT axis_key, women, men, other, projects FROM {ReachedByAxis._meta.db_table} "
             "WHERE program_id = %s", (program.pk,)),
        Page("agreements", "agreements, first page", "analyst", reverse("agreement_list"),
             "SELECT a.id, a.amount_granted, a.starts_on, a.ends_on, p.id, p.title, p.state, o.legal_name, c.title "
             f"FROM {Agreement._meta.db_table} a JOIN grants_proposal p ON p.id = a.proposal_id "
             "JOIN grants_call c ON c.id = p.call_id JOIN grants_organisation o ON o.id = p.organisation_id "
             "WHERE p.program_id = %s "
             "ORDER BY a.created_at DESC, a.id DESC LIMIT 26", (program.pk,)),
        Page("dashboard", f"applicant dashboard ({mine:,} proposals)", "applicant", reverse("home"),
             "SELECT p.id, p.title, p.state, p.requested_amount, p.updated_at, c.title, o.legal_name "
             f"FROM {PROPOSALS} WHERE p.organisation_id = %s ORDER BY p.updated_at DESC, p.id DESC LIMIT 26",
             (data.organisation_id,)),
        # The page opens on the first group with rows: the bench's reviewers have drafts "in progress".
        Page("reviewer", f"reviewer page ({assigned:,} assignments; bare: first page in progress)", "reviewer",
             reverse("scoring:my_reviews"),
             "SELECT a.id, a.state, a.due_on, p.id, p.state, p.title, c.title, o.legal_name, r.state "
             "FROM scoring_reviewerassignment a JOIN grants_proposal p ON p.id = a.proposal_id "
             "JOIN grants_call c ON c.id = p.call_id JOIN grants_organisation o ON o.id = p.organisation_id "
             "JOIN scoring_review r ON r.assignment_id = a.id AND r.state = 'draft' "
             "WHERE a.reviewer_id = %s AND a.state IN ('pending', 'active') AND a.due_on IS NOT NULL "
             "ORDER BY a.due_on, a.id LIMIT 26", (data.reviewer.pk,)),
        Page("api-proposals", "API proposals, first page", "analyst", proposals_api,
             f"{API_PROPOSALS} ORDER BY p.created_at DESC, p.id DESC LIMIT 51", (program.pk,)),
        Page("api-proposals-deep", "API proposals, deep page", "analyst",
             f"{proposals_api}?cursor={_api_cursor(proposals_api, str(api_deep.created_at))}",
             f"{API_PROPOSALS} AND p.created_at < %s ORDER BY p.created_at DESC, p.id DESC LIMIT 51",
             (program.pk, api_deep.created_at)),
        Page("api-reports-deep", "API reports, deep page", "analyst",
             f"{reports_api}?cursor={_api_cursor(reports_api, str(report_deep.due_on))}",
             'SELECT r.id, r.agreement_id, r.kind, r."order", r.due_on, r.state, r.submitted_at, r.accepted_at '
             "FROM grants_report r WHERE r.program_id = %s AND r.due_on > %s "
             "ORDER BY r.due_on, r.id LIMIT 51", (program.pk, report_deep.due_on)),
        Page("public", "public portal, programs", "", reverse("portal:public_index"),
             "SELECT g.id, g.code, g.name_fr, COUNT(p.id), SUM(p.amount_granted) FROM grants_program g "
             f"LEFT JOIN grants_proposal p ON p.program_id = g.id AND {PUBLISHED} GROUP BY g.id "
             "ORDER BY g.starts_on DESC, g.code"),
        Page("public-program", "public portal, big program", "", reverse("portal:public_program", args=[program.code]),
             f"SELECT p.id, p.reference, p.title, p.amount_granted, p.public_summary, o.legal_name FROM {PROPOSALS} "
             f"WHERE p.program_id = %s AND {PUBLISHED} ORDER BY p.id DESC LIMIT 26", (program.pk,)),
    ]


def _at_depth(rows):
    return rows[max(0, round(rows.count() * DEPTH) - 1)]


def _keyset_cursor(value, pk):
    """A position in core.keyset's format (with a value, the value, the primary key), as its pages write it."""
    raw = json.dumps([True, value.isoformat(), pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _api_cursor(url, position):
    """The API's cursor of the page starting after `position` (the ordering's first value), as DRF writes it."""
    paginator = CursorPage()
    paginator.base_url = f"http://testserver{url}"
    link = paginator.encode_cursor(Cursor(offset=0, reverse=False, position=position))
    return parse_qs(urlparse(link).query)["cursor"][0]
