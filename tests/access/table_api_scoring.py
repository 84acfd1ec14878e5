"""The evaluation and decision API under /api/v1/ (policy 3 and 7): programs, calls and rubrics, ranking,
assignments and declarations, writing reviews, scenarios, meetings, the packet, decisions.

Anonymous: 403. Lists answer 200 with only what the persona may see (`counts`).

World counted here: programs P and Q, one open call in each (C in P); applicants see both open calls and
their programs; people holding a role in P see P and C. Assignments in P: on each of the 6 submitted-or-later
proposals, `reviewer` ACTIVE, `reviewer_pending` PENDING, `reviewer_recused` RECUSED and a peer reviewer
ACTIVE (24). One scenario on C (never computed: infeasible, not chosen), one meeting of P, one decision (the
funded proposal's, at that meeting).

Policy: analysts and managers of P run the analysis (assign, scenarios, ranking; 403 for the board, which
knows the files, 404 for everybody else); the assigned reviewer declares and writes their own review (403
for the staff who read it); meetings, the packet and decisions are the program staff's (board included).
"""

from .table import ANALYSIS_STATES, DECISION_STATES, GET, POST, P, Row, each, same

ASSIGNED_STATES = ANALYSIS_STATES + DECISION_STATES
LIST = P(200, anonymous=403)
API = "api/v1/^"
ONE = "/(?P<pk>[0-9]+)/"
ANALYSIS = P(404, anonymous=403, analyst=200, manager=200, admin=200)
PROGRAM_STAFF = P(404, anonymous=403, analyst=200, board=200, manager=200, admin=200)

CATALOGUE_ROWS = [
    GET(API + "programs/$", "/api/v1/programs/", same(LIST),
        counts=P(1, anonymous=None, applicant=2, other_applicant=2, admin=2)),
    GET(API + "programs" + ONE + "$", "/api/v1/programs/{program}/", same(P(200, anonymous=403,
                                                                          outside_analyst=404)),
        label="P"),
    # Q: its call is open, so members of any organisation see it; P's people do not.
    GET(API + "programs" + ONE + "$", "/api/v1/programs/{other_program}/",
        same(P(404, anonymous=403, applicant=200, other_applicant=200, outside_analyst=200, admin=200)),
        label="Q"),
    GET(API + "calls/$", "/api/v1/calls/", same(LIST),
        counts=P(1, anonymous=None, applicant=2, other_applicant=2, admin=2)),
    GET(API + "calls/$", "/api/v1/calls/?open=false", same(LIST), counts=P(0, anonymous=None),
        label="closed calls"),
    GET(API + "calls" + ONE + "$", "/api/v1/calls/{call}/", same(P(200, anonymous=403, outside_analyst=404))),
    # The ranking page's audience: the board sees the call (403), reviewers and applicants do not rank (404).
    GET(API + "calls" + ONE + "ranking/$", "/api/v1/calls/{call}/ranking/",
        same(P(404, anonymous=403, analyst=200, manager=200, admin=200, board=403))),
]

ASSIGNMENT = API + "assignments" + ONE
ASSIGN_DECISION = P(404, anonymous=403, analyst=409, manager=409, admin=409, board=403)

ASSIGNMENT_ROWS = [
    GET(API + "assignments/$", "/api/v1/assignments/", same(LIST),
        counts=P(0, anonymous=None, analyst=24, manager=24, admin=24, reviewer=6, reviewer_pending=6)),
    GET(ASSIGNMENT + "$", "/api/v1/assignments/{assignment_pending}/",
        each(ASSIGNED_STATES, P(404, anonymous=403, analyst=200, manager=200, admin=200, reviewer_pending=200))),
    # Assigning: the proposal's analysis staff while it is at the analysis (409 after: not reviewable).
    POST(API + "assignments/$", "/api/v1/assignments/", {
        "draft": P(404, anonymous=403, admin=409),
        **each(ANALYSIS_STATES, P(404, anonymous=403, analyst=201, manager=201, admin=201, board=403)),
        **each(DECISION_STATES, ASSIGN_DECISION),
    }, body={"proposal": "{proposal}", "reviewer": "{reviewer_unassigned}"}),
    # Five wanted, three open: the two candidates left (reviewer_unassigned, the analyst) are assigned.
    POST(API + "assignments/suggest/$", "/api/v1/assignments/suggest/", {
        "draft": P(404, anonymous=403, admin=409),
        **each(ANALYSIS_STATES, P(404, anonymous=403, analyst=201, manager=201, admin=201, board=403)),
        **each(DECISION_STATES, ASSIGN_DECISION),
    }, body={"proposal": "{proposal}", "count": "5"}),
    GET(API + "assignments/candidates/$", "/api/v1/assignments/candidates/?proposal={proposal}", {
        "draft": P(404, anonymous=403, admin=200),
        **each(ASSIGNED_STATES, P(404, anonymous=403, analyst=200, manager=200, admin=200, board=403)),
    }),
    # Cancelling the reviewer's own assignment: staff; 409 once their review is submitted (decision stage);
    # the reviewer sees it but may not cancel it (403).
    POST(ASSIGNMENT + "cancel/$", "/api/v1/assignments/{assignment_own}/cancel/", {
        **each(ANALYSIS_STATES, P(404, anonymous=403, analyst=200, manager=200, admin=200, reviewer=403)),
        **each(DECISION_STATES, P(404, anonymous=403, analyst=409, manager=409, admin=409, reviewer=403)),
    }),
    POST(ASSIGNMENT + "declaration/$", "/api/v1/assignments/{assignment_pending}/declaration/",
         each(ASSIGNED_STATES, P(404, anonymous=403, reviewer_pending=200, analyst=403, manager=403, admin=403)),
         body={"has_conflict": "false"}),
    # Opening the review: the assigned reviewer (their draft or submitted review exists: 200).
    POST(ASSIGNMENT + "review/$", "/api/v1/assignments/{assignment_own}/review/",
         each(ASSIGNED_STATES, P(404, anonymous=403, reviewer=200, analyst=403, manager=403, admin=403))),
]

REVIEW = API + "reviews" + ONE

REVIEW_ROWS = [
    # The draft: only its reviewer sees it (analysts read submitted reviews); a submitted one is frozen (409)
    # and the staff who read it may not write it (403).
    Row(REVIEW + "$", "/api/v1/reviews/{review_own}/", {
        **each(ANALYSIS_STATES, P(404, anonymous=403, reviewer=200)),
        **each(DECISION_STATES, P(404, anonymous=403, reviewer=409, analyst=403, manager=403, admin=403)),
    }, "PUT", body={"overall_comment": "Brouillon enregistré par l'API."}),
    # The world's draft has no score yet: incomplete (409).
    POST(REVIEW + "submit/$", "/api/v1/reviews/{review_own}/submit/", {
        **each(ANALYSIS_STATES, P(404, anonymous=403, reviewer=409)),
        **each(DECISION_STATES, P(404, anonymous=403, reviewer=409, analyst=403, manager=403, admin=403)),
    }),
]

SCENARIO = API + "scenarios" + ONE

SCENARIO_ROWS = [
    GET(API + "scenarios/$", "/api/v1/scenarios/", same(LIST),
        counts=P(0, anonymous=None, analyst=1, manager=1, admin=1)),
    GET(SCENARIO + "$", "/api/v1/scenarios/{scenario}/", same(ANALYSIS)),
    POST(API + "scenarios/$", "/api/v1/scenarios/",
         same(P(404, anonymous=403, analyst=201, manager=201, admin=201, board=403)),
         body={"call": "{call}", "name": "Scénario de l'API"}),
    POST(SCENARIO + "recompute/$", "/api/v1/scenarios/{scenario}/recompute/", same(ANALYSIS)),
    # Never computed: infeasible, so it cannot be chosen; not chosen, so nothing is recommended from it.
    POST(SCENARIO + "choose/$", "/api/v1/scenarios/{scenario}/choose/",
         same(P(404, anonymous=403, analyst=409, manager=409, admin=409))),
    POST(SCENARIO + "recommend/$", "/api/v1/scenarios/{scenario}/recommend/",
         same(P(404, anonymous=403, analyst=409, manager=409, admin=409))),
]

DECISION_ROWS = [
    GET(API + "meetings/$", "/api/v1/meetings/", same(LIST),
        counts=P(0, anonymous=None, analyst=1, board=1, manager=1, admin=1)),
    GET(API + "meetings" + ONE + "$", "/api/v1/meetings/{meeting}/", same(PROGRAM_STAFF)),
    POST(API + "meetings/$", "/api/v1/meetings/",
         same(P(404, anonymous=403, analyst=201, board=201, manager=201, admin=201)),
         body={"program": "{program}", "date": "{today}", "title": "Séance extraordinaire"}),
    GET(API + "meetings" + ONE + "packet/$", "/api/v1/meetings/{meeting}/packet/", same(PROGRAM_STAFF)),
    GET(API + "decisions/$", "/api/v1/decisions/", same(LIST),
        counts=P(0, anonymous=None, analyst=1, board=1, manager=1, admin=1)),
    GET(API + "decisions" + ONE + "$", "/api/v1/decisions/{decision}/", same(PROGRAM_STAFF)),
]

ROWS = [*CATALOGUE_ROWS, *ASSIGNMENT_ROWS, *REVIEW_ROWS, *SCENARIO_ROWS, *DECISION_ROWS]
