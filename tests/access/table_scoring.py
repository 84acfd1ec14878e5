"""Scoring (policy 3): reviews, assignments, ranking, scenarios, meetings, commitments, the board packet.

Reviewers are assigned to every proposal from submission on (none on the draft): `reviewer` ACTIVE
(their review is a draft until the decision stage, submitted from `recommended` on), `reviewer_pending`
PENDING, `reviewer_recused` RECUSED; `reviewer_unassigned` has no assignment.
"""

from .table import ANALYSIS_STATES, DECISION_STATES, GET, POST, P, each, same

ASSIGNED_STATES = ANALYSIS_STATES + DECISION_STATES
NONE_DRAFT = P(404, anonymous=302)

REVIEW_ROWS = [
    GET("evaluation/", "/evaluation/", same(P(200, anonymous=302))),
    # {assignment_pending}: reviewer_pending's assignment on the proposal; the page is theirs alone.
    GET("evaluation/assignations/<int:pk>/declaration/", "/evaluation/assignations/{assignment_pending}/declaration/",
        each(ASSIGNED_STATES, P(404, anonymous=302, reviewer_pending=200))),
    POST("evaluation/assignations/<int:pk>/declaration/",
         "/evaluation/assignations/{assignment_pending}/declaration/",
         each(ASSIGNED_STATES, P(404, anonymous=302, reviewer_pending=302)), body={"decision": "none"}),
    GET("evaluation/demandes/<int:pk>/evaluer/", "/evaluation/demandes/{proposal}/evaluer/",
        {"draft": NONE_DRAFT, **each(ASSIGNED_STATES, P(404, anonymous=302, reviewer=200, reviewer_pending=302))}),
    # The autosave answers 200 with a status line. Until they declare, a pending reviewer has only the
    # declaration page: the proposal's content, their draft and its documents do not exist for them (404).
    POST("evaluation/demandes/<int:pk>/evaluer/brouillon/", "/evaluation/demandes/{proposal}/evaluer/brouillon/",
         {"draft": NONE_DRAFT, **each(ASSIGNED_STATES, P(404, anonymous=302, reviewer=200))}),
    # The reviewer's own link to the proposal's documents: exactly when the review page shows it.
    GET("evaluation/demandes/<int:pk>/pieces/<int:attachment_pk>/",
        "/evaluation/demandes/{proposal}/pieces/{attachment}/",
        {"draft": NONE_DRAFT, **each(ASSIGNED_STATES, P(404, anonymous=302, reviewer=200))}),
    # Others' reviews: analyst and manager of P; a reviewer once their own is submitted (403 before);
    # board: 404 while it cannot see the proposal, 403 after.
    GET("evaluation/demandes/<int:pk>/evaluations/", "/evaluation/demandes/{proposal}/evaluations/", {
        "draft": P(404, anonymous=302, admin=200),
        **each(ANALYSIS_STATES, P(404, anonymous=302, analyst=200, manager=200, admin=200, reviewer=403,
                                  reviewer_pending=403)),
        **each(DECISION_STATES, P(404, anonymous=302, analyst=200, manager=200, admin=200, reviewer=200,
                                  reviewer_pending=403, board=403)),
    }),
    GET("evaluation/demandes/<int:pk>/assignations/", "/evaluation/demandes/{proposal}/assignations/", {
        "draft": P(404, anonymous=302, admin=200),
        **each(ASSIGNED_STATES, P(404, anonymous=302, analyst=200, manager=200, admin=200, board=403)),
    }),
]

# Ranking and scenarios: analyst, manager of P and admin; board 403; everybody else 404.
SCORING_STAFF = P(404, anonymous=302, analyst=200, manager=200, admin=200, board=403)

RANKING_ROWS = [
    # An index: like every list, 200 with only the calls this person may rank (none for most).
    GET("evaluation/appels/", "/evaluation/appels/", same(P(200, anonymous=302))),
    GET("evaluation/appels/<int:pk>/classement/", "/evaluation/appels/{call}/classement/", same(SCORING_STAFF)),
    GET("evaluation/appels/<int:call_pk>/scenarios/", "/evaluation/appels/{call}/scenarios/", same(SCORING_STAFF)),
    GET("evaluation/appels/<int:call_pk>/scenarios/nouveau/", "/evaluation/appels/{call}/scenarios/nouveau/",
        same(SCORING_STAFF)),
    GET("evaluation/appels/<int:call_pk>/scenarios/comparer/", "/evaluation/appels/{call}/scenarios/comparer/",
        same(SCORING_STAFF)),
    GET("evaluation/scenarios/<int:pk>/", "/evaluation/scenarios/{scenario}/", same(SCORING_STAFF)),
    POST("evaluation/scenarios/<int:pk>/<slug:action>/", "/evaluation/scenarios/{scenario}/recompute/",
         same(P(404, anonymous=302, analyst=302, manager=302, admin=302, board=403))),
]

# Meetings, commitments and the packet: analyst, manager, board of P and admin.
DECISION_READERS = P(404, anonymous=302, analyst=200, manager=200, board=200, admin=200)

DECISION_ROWS = [
    # An index: 200 with only the programs whose meetings this person may read.
    GET("evaluation/decisions/", "/evaluation/decisions/", same(P(200, anonymous=302))),
    GET("evaluation/programmes/<int:program_pk>/seances/", "/evaluation/programmes/{program}/seances/",
        same(DECISION_READERS)),
    GET("evaluation/programmes/<int:program_pk>/engagements/", "/evaluation/programmes/{program}/engagements/",
        same(DECISION_READERS)),
    GET("evaluation/seances/<int:pk>/", "/evaluation/seances/{meeting}/", same(DECISION_READERS)),
    # Recording decisions: board of P and admin (an empty form records nothing and redirects).
    POST("evaluation/seances/<int:pk>/", "/evaluation/seances/{meeting}/",
         same(P(404, anonymous=302, board=302, admin=302, analyst=403, manager=403))),
    GET("evaluation/seances/<int:pk>/cahier.pdf", "/evaluation/seances/{meeting}/cahier.pdf", same(DECISION_READERS)),
]
