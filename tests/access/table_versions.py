"""The versions page of a proposal (issue 14): the same readers as its staff page (policy 2). Staff of P see
it once the proposal is submitted, the board of P from the decision stage on, the admin always; every other
persona gets 404 (the proposal is not theirs to see), anonymous a redirect to sign in (302)."""

from .table import GET, P

DRAFT = P(404, anonymous=302, admin=200)
ANALYSIS = P(404, anonymous=302, analyst=200, manager=200, admin=200)
DECISION = P(404, anonymous=302, analyst=200, manager=200, board=200, admin=200)

ROWS = [
    GET("analyse/demandes/<int:pk>/versions/", "/analyse/demandes/{proposal}/versions/?a=1&b=2", {
        "draft": DRAFT,
        "submitted": ANALYSIS, "under_analysis": ANALYSIS, "changes_requested": ANALYSIS,
        "recommended": DECISION, "funded": DECISION, "reported": DECISION,
    }),
]
