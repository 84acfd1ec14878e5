"""Staff search and the judgement on two similar proposals (workflow/search.py, grants/services/overlaps.py).

Search: whoever has a queue (analyst, board or manager somewhere, admin) has the page; what it lists is the
pages' visibility (tests/workflow/test_search.py). Marking a pair: 404 unless the persona sees both
proposals as staff, 403 for the board (it sees the file, it does not judge overlaps), else a redirect to
the staff page. The pair is the probed proposal with the funded one: in the funded state that is the proposal
with itself, which is no pair (404).
"""

from .table import GET, POST, STATES, P, each, same

BODY = {"kind": "not_overlap", "reason": "Deux volets distincts."}
MARK_ANALYSIS = P(404, anonymous=302, analyst=302, manager=302, admin=302)
MARK_DECISION = P(404, anonymous=302, analyst=302, manager=302, board=403, admin=302)

# What the search lists, written from the policy: drafts to no one (not even the admin: the search is the
# staff's); the program's analyst and manager and the admin every submitted proposal; its board from the
# decision stage (recommended) on; another program's analyst nothing. A persona refused the page (403/302)
# has no list to check.
SEARCH_PAGE = P(403, anonymous=302, analyst=200, outside_analyst=200, board=200, manager=200, admin=200)
LISTED = {
    "draft": P(False),
    "submitted": P(False, analyst=True, manager=True, admin=True),
    "under_analysis": P(False, analyst=True, manager=True, admin=True),
    "changes_requested": P(False, analyst=True, manager=True, admin=True),
    "recommended": P(False, analyst=True, manager=True, admin=True, board=True),
    "funded": P(False, analyst=True, manager=True, admin=True, board=True),
    "reported": P(False, analyst=True, manager=True, admin=True, board=True),
}

ROWS = [
    # Every access-world proposal is titled « Projet <state> »: the probed one is listed, or not.
    GET("analyse/recherche/", "/analyse/recherche/?q=projet", each(STATES, SEARCH_PAGE), shows=LISTED,
        marker='href="/analyse/demandes/{proposal}/"', label="résultats"),
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
