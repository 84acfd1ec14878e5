"""The stage-one transitions of a two-stage call (shortlist, decline_intent) through the staff action URL and the
API: no new URL, new rows of the existing ones. Their source (a filed letter of intent) is none of the matrix's
states, so an analyst of P (or the admin) who sees the proposal gets 409; whoever does not see it 404; anyone
else who sees it 403 (the analyst's role)."""

from .table import POST
from .table_api import PROPOSAL
from .table_workflow import COMMENT, transition_expect

ANALYST_ONLY = {"shortlist": ("analyst", ()), "decline_intent": ("analyst", ())}

ROWS = [
    *(POST("analyse/demandes/<int:pk>/actions/<slug:name>/", f"/analyse/demandes/{{proposal}}/actions/{name}/",
           transition_expect(owner, sources, done=302, anonymous=302), body={"comment": COMMENT}, label=name)
      for name, (owner, sources) in ANALYST_ONLY.items()),
    *(POST(PROPOSAL + "/transitions/(?P<name>[a-z_]+)/$",
           f"/api/v1/proposals/{{proposal}}/transitions/{name}/",
           transition_expect(owner, sources, done=200, anonymous=403), body={"comment": COMMENT}, label=name)
      for name, (owner, sources) in ANALYST_ONLY.items()),
]
