"""A shared call's funders: what an application asks from each (PUT …/funders/).

Policy: the same as the API's other writes of the application (table_questions.API_WRITE, written by hand
there): the organisation's members while the proposal is editable (draft, changes_requested); a member
otherwise 409, the program's staff who see it 403, everybody else 404 (the other organisation, a reviewer,
another program's analyst), anonymous 403. The world's call is not shared: an empty list of funders is a
valid write that only bumps the version.
"""

from .table import Row
from .table_questions import API_WRITE, PROPOSAL_API

ROWS = [
    Row(PROPOSAL_API + "/funders/$", "/api/v1/proposals/{proposal}/funders/", API_WRITE, "PUT",
        body={"version": "{version}", "items": []}),
]
