"""Staff search and the judgement on two similar proposals (workflow/search.py, grants/services/overlaps.py).

Search: whoever has a queue (analyst, board or manager somewhere, admin) has the page; what it lists is the
pages' visibility (tests/workflow/test_search.py). Marking a pair: 404 unless the persona sees both
proposals as staff, 403 for the board (it sees the file, it does not judge overlaps), else a redirect to
the staff page. The pair is the probed proposal with the funded one: in the funded state that is the proposal
with itself, which is no pair (404).
"""

from .table import GET, POST, P, same

BODY = {"kind": "not_overlap", "reason": "Deux volets distincts."}
MARK_ANALYSIS = P(404, anonymous=302, analyst=302, manager=302, admin=302)
MARK_DECISION = P(404, anonymous=302, analyst=302, manager=302, board=403, admin=302)

ROWS = [
    GET("analyse/recherche/", "/analyse/recherche/?q=projet",
        same(P(403, anonymous=302, analyst=200, outside_analyst=200, board=200, manager=200, admin=200))),
    POST("analyse/demandes/<int:pk>/semblables/<int:other_pk>/jugement/",
         "/analyse/demandes/{proposal}/semblables/{funded_proposal}/jugement/", {
             "draft": P(404, anonymous=302, admin=302),
             "submitted": MARK_ANALYSIS, "under_analysis": MARK_ANALYSIS, "changes_requested": MARK_ANALYSIS,
             "recommended": MARK_DECISION,
             "funded": P(404, anonymous=302, board=403),
             "reported": MARK_DECISION,
         }, body=BODY),
]
