"""Staff analysis pages and the transition endpoint (policy 2); the API's transitions reuse OWNERS.

A transition POST answers, in this order: 404 when the persona cannot see the proposal, 403 when the
transition is not their role's, 409 when the state does not allow it, else the success status.
"""

from .table import GET, PERSONAS, POST, STATES, P, same

STAFF_DRAFT = P(404, anonymous=302, admin=200)
STAFF_ANALYSIS = P(404, anonymous=302, analyst=200, manager=200, admin=200)
STAFF_DECISION = P(404, anonymous=302, analyst=200, manager=200, board=200, admin=200)
STAFF_SEEN = {
    "draft": STAFF_DRAFT,
    "submitted": STAFF_ANALYSIS, "under_analysis": STAFF_ANALYSIS, "changes_requested": STAFF_ANALYSIS,
    "recommended": STAFF_DECISION, "funded": STAFF_DECISION, "reported": STAFF_DECISION,
}

PAGE_ROWS = [
    # Anyone holding an analyst, board or manager role somewhere (outside_analyst: in Q) has a queue.
    GET("analyse/", "/analyse/",
        same(P(403, anonymous=302, analyst=200, outside_analyst=200, board=200, manager=200, admin=200))),
    GET("analyse/demandes/<int:pk>/", "/analyse/demandes/{proposal}/", STAFF_SEEN),
]

# Who sees the proposal in each state (policy 1: members always, staff of P from submission, board
# from the decision stage, admin always).
SEES = {
    "draft": ("applicant", "admin"),
    "submitted": ("applicant", "analyst", "manager", "admin"),
    "under_analysis": ("applicant", "analyst", "manager", "admin"),
    "changes_requested": ("applicant", "analyst", "manager", "admin"),
    "recommended": ("applicant", "analyst", "manager", "board", "admin"),
    "funded": ("applicant", "analyst", "manager", "board", "admin"),
    "reported": ("applicant", "analyst", "manager", "board", "admin"),
}

# Transition -> (the persona whose role owns it, the states it starts from), written from the policy
# and the life cycle of a proposal (draft → submitted → under_analysis → recommended → funded → reported).
OWNERS = {
    "submit": ("applicant", ("draft",)),
    "start_analysis": ("analyst", ("submitted",)),
    "request_changes": ("analyst", ("under_analysis",)),
    "resubmit": ("applicant", ("changes_requested",)),
    "recommend": ("analyst", ("under_analysis",)),
    "do_not_recommend": ("analyst", ("under_analysis",)),
    "approve": ("board", ("recommended", "not_recommended")),
    "decline": ("board", ("recommended", "not_recommended")),
    "accept_final_report": ("analyst", ("funded",)),
    "close": ("manager", ("reported",)),
    "withdraw": ("applicant", ("submitted", "under_analysis", "changes_requested")),
}

# A valid body per transition: the comment every transition accepts and the values some take.
COMMENT = "Motif détaillé."
BODIES = {
    "recommend": {"comment": COMMENT, "suggested_amount": "12000.00"},
    "approve": {"comment": COMMENT, "amount_granted": "15000.00", "resolution_number": "CA-2026-041"},
    "decline": {"comment": COMMENT, "resolution_number": "CA-2026-042"},
}


def transition_expect(owner, sources, *, done, anonymous):
    """{state: {persona: status}} for one transition; `done` is the status of a permitted one."""
    table = {}
    for state in STATES:
        row = {}
        for persona in PERSONAS:
            if persona == "anonymous":
                row[persona] = anonymous
            elif persona not in SEES[state]:
                row[persona] = 404
            elif persona not in (owner, "admin"):
                row[persona] = 403
            elif state not in sources:
                row[persona] = 409
            else:
                row[persona] = done
        table[state] = row
    return table


# The page answers a permitted transition with the redirect to the proposal (302).
TRANSITION_ROWS = [
    POST("analyse/demandes/<int:pk>/actions/<slug:name>/", f"/analyse/demandes/{{proposal}}/actions/{name}/",
         transition_expect(owner, sources, done=302, anonymous=302),
         body=BODIES.get(name, {"comment": COMMENT}), label=name)
    for name, (owner, sources) in OWNERS.items()
]
