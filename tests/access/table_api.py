"""The REST API under /api/v1/ (policy 7): the pages' rules, JSON answers.

Anonymous: 403 (session authentication comes first, and it sends no WWW-Authenticate challenge).
Lists answer 200 with only what the persona may see: `counts` holds how many items.

World counted here: 7 proposals of organisation A in P (one per state of table.STATES) and 1 funded
proposal of organisation B in Q; agreements: A's funded and reported ones, B's one; reports: 3 on A's
funded agreement, 1 on A's reported one, 1 on B's; reviews in P: `reviewer`'s on the 6 submitted-or-later
proposals (submitted from `recommended` on) and a peer reviewer's submitted review on each of the 6.
"""

from .table import ALL, GET, POST, P, each, same
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

ROWS = [
    GET("api/v1/^proposals/$", "/api/v1/proposals/", same(LIST),
        counts=P(0, anonymous=None, applicant=7, other_applicant=1, analyst=6, outside_analyst=1, board=3,
                 manager=6, admin=8)),
    GET("api/v1/^proposals/(?P<pk>[^/.]+)/$", "/api/v1/proposals/{proposal}/", SEEN),
    GET("api/v1/^proposals/(?P<pk>[^/.]+)/transitions/$", "/api/v1/proposals/{proposal}/transitions/", SEEN),
    GET("api/v1/^agreements/$", "/api/v1/agreements/", same(LIST),
        counts=P(0, anonymous=None, applicant=2, other_applicant=1, analyst=2, outside_analyst=1, board=2,
                 manager=2, admin=3)),
    GET("api/v1/^agreements/(?P<pk>[^/.]+)/$", "/api/v1/agreements/{agreement}/",
        each(("funded", "reported"), ACCOUNTABILITY_SEEN)),
    GET("api/v1/^reports/$", "/api/v1/reports/", same(LIST),
        counts=P(0, anonymous=None, applicant=4, other_applicant=1, analyst=4, outside_analyst=1, board=4,
                 manager=4, admin=5)),
    GET("api/v1/^reports/(?P<pk>[^/.]+)/$", "/api/v1/reports/{report_draft}/", {"funded": ACCOUNTABILITY_SEEN},
        label="draft report"),
    GET("api/v1/^reports/(?P<pk>[^/.]+)/$", "/api/v1/reports/{report_accepted}/",
        {"reported": ACCOUNTABILITY_SEEN}, label="accepted report"),
    # Reviews: analyst and manager of P see the 9 submitted reviews of P (admin too); a reviewer only
    # their own 6 (drafts included).
    GET("api/v1/^reviews/$", "/api/v1/reviews/", same(LIST),
        counts=P(0, anonymous=None, analyst=9, manager=9, admin=9, reviewer=6)),
    GET("api/v1/^reviews/(?P<pk>[^/.]+)/$", "/api/v1/reviews/{review_own}/",
        {"recommended": P(404, anonymous=403, reviewer=200, analyst=200, manager=200, admin=200)},
        label="reviewer's own submitted review"),
    GET("api/v1/^reviews/(?P<pk>[^/.]+)/$", "/api/v1/reviews/{review_peer}/",
        {"recommended": P(404, anonymous=403, analyst=200, manager=200, admin=200)},
        label="a peer's submitted review"),
    GET("api/v1/^reviews/(?P<pk>[^/.]+)/$", "/api/v1/reviews/abc/", same(P(404, anonymous=403)),
        label="not a number"),
    # An address naming no endpoint: a JSON 404 for everyone, before any sign-in question.
    GET("api/v1/^", "/api/v1/nothing-here/", same(ALL(404))),
]

# The API answers a permitted transition with the proposal (200).
TRANSITION_ROWS = [
    POST("api/v1/^proposals/(?P<pk>[^/.]+)/transitions/(?P<name>[a-z_]+)/$",
         f"/api/v1/proposals/{{proposal}}/transitions/{name}/",
         transition_expect(owner, sources, done=200, anonymous=403),
         body=BODIES.get(name, {"comment": COMMENT}), label=name)
    for name, (owner, sources) in OWNERS.items()
]
