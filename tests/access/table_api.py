"""The REST API under /api/v1/ (policy 7): the pages' rules, JSON answers.

Anonymous: 403 (session authentication comes first, and it sends no WWW-Authenticate challenge).
Lists answer 200 with only what the persona may see: `counts` holds how many items.

World counted here: 7 proposals of organisation A in P (one per state of table.STATES) and 1 funded
proposal of organisation B in Q; agreements: A's funded and reported ones, B's one; reports: 3 on A's
funded agreement, 1 on A's reported one, 1 on B's; reviews in P: `reviewer`'s on the 6 submitted-or-later
proposals (submitted from `recommended` on) and a peer reviewer's submitted review on each of the 6.
"""

from .table import ALL, FILE, GET, POST, P, Row, each, same
from .table_workflow import BODIES, COMMENT, OWNERS, transition_expect

# Proposal visibility (policy 1) in JSON: 404 instead of the pages' login redirect.
SEEN_DRAFT = P(404, anonymous=403, applicant=200, admin=200)
SEEN_ANALYSIS = P(404, anonymous=403, applicant=200, analyst=200, manager=200, admin=200)
SEEN_DECISION = P(404, anonymous=403, applicant=200, analyst=200, manager=200, board=200, admin=200)
SEEN = {
    "draft": SEEN_DRAFT,
    "submitted": SEEN_ANALYSIS, "under_analysis": SEEN_ANALYSIS, "changes_requested": SEEN_ANALYSIS,
    "recommended": SEEN_DECISION, "funded": SEEN_DECISION, "reported": SEEN_DECISION,
}
ACCOUNTABILITY_SEEN = P(404, anonymous=403, applicant=200, analyst=200, manager=200, board=200, admin=200)
LIST = P(200, anonymous=403)

# Writing a proposal through the API (policy 1): its members while it is editable (draft,
# changes_requested); a member on a proposal that no longer changes gets the service's 409 not_editable,
# anybody else who sees it 403 (staff read, never fill; admin too), everybody else 404.
WRITE_ANALYSIS = P(404, anonymous=403, applicant=409, analyst=403, manager=403, admin=403)
WRITE_DECISION = P(404, anonymous=403, applicant=409, analyst=403, manager=403, board=403, admin=403)


def api_write(done):
    """{state: {persona: status}} of an applicant's write; `done` is the status of a permitted one."""
    return {
        "draft": P(404, anonymous=403, applicant=done, admin=403),
        "submitted": WRITE_ANALYSIS, "under_analysis": WRITE_ANALYSIS,
        "changes_requested": P(404, anonymous=403, applicant=done, analyst=403, manager=403, admin=403),
        "recommended": WRITE_DECISION, "funded": WRITE_DECISION, "reported": WRITE_DECISION,
    }


PROPOSAL = "api/v1/^proposals/(?P<pk>[0-9]+)"
ATTACHMENT = PROPOSAL + "/attachments/(?P<attachment_pk>[0-9]+)"
PATCH_BODY = {"version": "{version}", "title": "Projet solidaire (révisé)",
              "objectives": "Briser l'isolement ;\nfavoriser l'entraide.\n"}
LINES = {
    "partners": {"name": "Centre de services scolaire", "kind": "public", "role": "Prête ses locaux.",
                 "cash_contribution": "0", "in_kind_contribution": "2500.00"},
    "budget-lines": {"category": "salaries", "description": "Coordination", "total_amount": "30000.00",
                     "fund_amount": "20000.00"},
    "cofundings": {"source": "Centraide", "amount": "5000.00", "status": "confirmed"},
    "indicators": {"label": "Personnes rejointes", "target": "200", "unit": "personnes"},
}

ROWS = [
    GET("api/v1/^proposals/$", "/api/v1/proposals/", same(LIST),
        counts=P(0, anonymous=None, applicant=7, other_applicant=1, analyst=6, outside_analyst=1, board=3,
                 manager=6, admin=8)),
    # A draft is created by a member of its organisation (any open call); anybody else is refused (403).
    POST("api/v1/^proposals/$", "/api/v1/proposals/", same(P(403, applicant=201)),
         body={"call": "{call}", "organisation": "{organisation}", "title": "Nouveau projet"}, label="create"),
    GET(PROPOSAL + "/$", "/api/v1/proposals/{proposal}/", SEEN),
    Row(PROPOSAL + "/$", "/api/v1/proposals/{proposal}/", api_write(200), "PATCH", body=PATCH_BODY),
    GET(PROPOSAL + "/transitions/$", "/api/v1/proposals/{proposal}/transitions/", SEEN),
    GET(PROPOSAL + "/completeness/$", "/api/v1/proposals/{proposal}/completeness/", SEEN),
    *[Row(f"{PROPOSAL}/{kind}/$", f"/api/v1/proposals/{{proposal}}/{kind}/", api_write(200), "PUT",
          body={"version": "{version}", "items": [line]}, label=kind) for kind, line in LINES.items()],
    POST(PROPOSAL + "/attachments/$", "/api/v1/proposals/{proposal}/attachments/", api_write(201),
         body={"kind": "{attachment_type}", "file": FILE}),
    Row(ATTACHMENT + "/$", "/api/v1/proposals/{proposal}/attachments/{attachment}/", api_write(204), "DELETE"),
    GET(ATTACHMENT + "/download/$", "/api/v1/proposals/{proposal}/attachments/{attachment}/download/", SEEN),
    GET("api/v1/^agreements/$", "/api/v1/agreements/", same(LIST),
        counts=P(0, anonymous=None, applicant=2, other_applicant=1, analyst=2, outside_analyst=1, board=2,
                 manager=2, admin=3)),
    GET("api/v1/^agreements/(?P<pk>[0-9]+)/$", "/api/v1/agreements/{agreement}/",
        each(("funded", "reported"), ACCOUNTABILITY_SEEN)),
    GET("api/v1/^reports/$", "/api/v1/reports/", same(LIST),
        counts=P(0, anonymous=None, applicant=4, other_applicant=1, analyst=4, outside_analyst=1, board=4,
                 manager=4, admin=5)),
    GET("api/v1/^reports/(?P<pk>[0-9]+)/$", "/api/v1/reports/{report_draft}/", {"funded": ACCOUNTABILITY_SEEN},
        label="draft report"),
    GET("api/v1/^reports/(?P<pk>[0-9]+)/$", "/api/v1/reports/{report_accepted}/",
        {"reported": ACCOUNTABILITY_SEEN}, label="accepted report"),
    # Reviews: analyst and manager of P see the 9 submitted reviews of P (admin too); a reviewer only
    # their own 6 (drafts included).
    GET("api/v1/^reviews/$", "/api/v1/reviews/", same(LIST),
        counts=P(0, anonymous=None, analyst=9, manager=9, admin=9, reviewer=6)),
    GET("api/v1/^reviews/(?P<pk>[0-9]+)/$", "/api/v1/reviews/{review_own}/",
        {"recommended": P(404, anonymous=403, reviewer=200, analyst=200, manager=200, admin=200)},
        label="reviewer's own submitted review"),
    GET("api/v1/^reviews/(?P<pk>[0-9]+)/$", "/api/v1/reviews/{review_peer}/",
        {"recommended": P(404, anonymous=403, analyst=200, manager=200, admin=200)},
        label="a peer's submitted review"),
    # An address naming no endpoint: a JSON 404 for everyone, before any sign-in question.
    GET("api/v1/^", "/api/v1/nothing-here/", same(ALL(404))),
    GET("api/v1/^", "/api/v1/proposals/abc/", same(ALL(404)), label="a proposal id that is not a number"),
]

# The API answers a permitted transition with the proposal (200).
TRANSITION_ROWS = [
    POST(PROPOSAL + "/transitions/(?P<name>[a-z_]+)/$",
         f"/api/v1/proposals/{{proposal}}/transitions/{name}/",
         transition_expect(owner, sources, done=200, anonymous=403),
         body=BODIES.get(name, {"comment": COMMENT}), label=name)
    for name, (owner, sources) in OWNERS.items()
]

# Approving at a board meeting of P: the meeting is the program staff's (analysts, board, managers); the
# organisation does not see it (404) before the transition's own answers (403 role, 409 state).
AT_MEETING_ANALYSIS = P(404, anonymous=403, applicant=404, analyst=403, manager=403, admin=409)
AT_MEETING_AFTER = P(404, anonymous=403, applicant=404, analyst=403, manager=403, board=409, admin=409)
TRANSITION_ROWS.append(POST(
    PROPOSAL + "/transitions/(?P<name>[a-z_]+)/$", "/api/v1/proposals/{proposal}/transitions/approve/",
    {"draft": P(404, anonymous=403, applicant=404, admin=409),
     "submitted": AT_MEETING_ANALYSIS, "under_analysis": AT_MEETING_ANALYSIS,
     "changes_requested": AT_MEETING_ANALYSIS,
     "recommended": P(404, anonymous=403, applicant=404, analyst=403, manager=403, board=200, admin=200),
     "funded": AT_MEETING_AFTER, "reported": AT_MEETING_AFTER},
    body={**BODIES["approve"], "meeting": "{meeting}"}, label="approve at a meeting"))
