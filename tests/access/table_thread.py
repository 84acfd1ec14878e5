"""A proposal's conversation (grants.services.thread): posting a message of each kind, reading each kind's file.

Policy: three kinds of message. "applicant" (the organisation and the team): the organisation's members,
analyst and manager of P once submitted, admin. "staff" (internal note): analyst and manager of P once
submitted, admin. "board" (the team and the board): as "staff", plus the board of P from the decision stage
on. Nobody else reads any: other_applicant, outside_analyst and every reviewer persona get 404, anonymous a
redirect to sign in (302). A draft has no conversation: who sees it (member, admin) gets 403 when posting.

Posting (a 302 back to the page is success): who sees the proposal but may not give the message this kind
gets the form back with its error (400); who may not write at all, 403; who cannot see the proposal, 404.

Reading on the pages: the applicant's page (demandes/<pk>/) and the staff page (analyse/demandes/<pk>/) show
a message of a kind (its anchor message-<id>) to exactly the personas who may read that kind, among those the
page answers 200.
"""

from .table import DECISION_STATES, GET, POST, P, each

KINDS = ("applicant", "staff", "board")
ANALYSIS_STATES = ("submitted", "under_analysis", "changes_requested")
PDF = b"%PDF-1.4\n%test\n"

DRAFT = {"draft": P(404, anonymous=302, applicant=403, admin=403)}
TEAM = {"analyst": 302, "manager": 302, "admin": 302}

POST_EXPECT = {
    "applicant": {
        **DRAFT,
        **each(ANALYSIS_STATES, P(404, anonymous=302, applicant=302, **TEAM)),
        **each(DECISION_STATES, P(404, anonymous=302, applicant=302, board=400, **TEAM)),
    },
    "staff": {
        **DRAFT,
        **each(ANALYSIS_STATES, P(404, anonymous=302, applicant=400, **TEAM)),
        **each(DECISION_STATES, P(404, anonymous=302, applicant=400, board=400, **TEAM)),
    },
    "board": {
        **DRAFT,
        **each(ANALYSIS_STATES, P(404, anonymous=302, applicant=400, **TEAM)),
        **each(DECISION_STATES, P(404, anonymous=302, applicant=400, board=302, **TEAM)),
    },
}

TEAM_READS = {"analyst": 200, "manager": 200, "admin": 200}
FILE_EXPECT = {
    "applicant": each(ANALYSIS_STATES + DECISION_STATES, P(404, anonymous=302, applicant=200, **TEAM_READS)),
    "staff": each(ANALYSIS_STATES + DECISION_STATES, P(404, anonymous=302, **TEAM_READS)),
    "board": {
        **each(ANALYSIS_STATES, P(404, anonymous=302, **TEAM_READS)),
        **each(DECISION_STATES, P(404, anonymous=302, board=200, **TEAM_READS)),
    },
}

# Who has each page (the proposal's visibility), then who finds each kind of message on it.
APPLICANT_PAGE = {
    **each(ANALYSIS_STATES, P(404, anonymous=302, applicant=200, analyst=200, manager=200, admin=200)),
    **each(DECISION_STATES, P(404, anonymous=302, applicant=200, analyst=200, manager=200, board=200, admin=200)),
}
STAFF_PAGE = {
    **each(ANALYSIS_STATES, P(404, anonymous=302, analyst=200, manager=200, admin=200)),
    **each(DECISION_STATES, P(404, anonymous=302, analyst=200, manager=200, board=200, admin=200)),
}
TEAM_SHOWN = {"analyst": True, "manager": True, "admin": True}
SHOWN = {
    "applicant": each(ANALYSIS_STATES + DECISION_STATES, P(False, applicant=True, **TEAM_SHOWN)),
    "staff": each(ANALYSIS_STATES + DECISION_STATES, P(False, **TEAM_SHOWN)),
    "board": {**each(ANALYSIS_STATES, P(False, **TEAM_SHOWN)),
              **each(DECISION_STATES, P(False, board=True, **TEAM_SHOWN))},
}

POST_ROUTE = "demandes/<int:pk>/echanges/"
FILE_ROUTE = "demandes/<int:pk>/echanges/<int:message_pk>/fichiers/<int:file_pk>/"

ROWS = [
    *[POST(POST_ROUTE, "/demandes/{proposal}/echanges/", POST_EXPECT[kind], label=kind,
           body={"visibility": kind, "body": "Une question sur le budget."}) for kind in KINDS],
    *[GET(FILE_ROUTE, f"/demandes/{{proposal}}/echanges/{{message_{kind}}}/fichiers/{{message_file_{kind}}}/",
          FILE_EXPECT[kind], label=kind) for kind in KINDS],
    *[GET("demandes/<int:pk>/", "/demandes/{proposal}/", APPLICANT_PAGE, shows=SHOWN[kind],
          marker=f'id="message-{{message_{kind}}}"', label=f"message {kind}") for kind in KINDS],
    *[GET("analyse/demandes/<int:pk>/", "/analyse/demandes/{proposal}/", STAFF_PAGE, shows=SHOWN[kind],
          marker=f'id="message-{{message_{kind}}}"', label=f"message {kind}") for kind in KINDS],
]


def objects(proposals, author):
    """Per state but the draft: one message of each kind, each with a file (placeholders message_<kind> and
    message_file_<kind>)."""
    from django.core.files.base import ContentFile

    from grants.models import Message, MessageAttachment

    by_state = {}
    for state, proposal in proposals.items():
        if state == "draft":
            continue
        placeholders = {}
        for kind in KINDS:
            message = Message.objects.create(proposal=proposal, author=author, visibility=kind, body=f"Message {kind}")
            stored = MessageAttachment(message=message, original_name="piece.pdf", content_type="application/pdf",
                                       size=len(PDF))
            stored.file.save("piece.pdf", ContentFile(PDF), save=True)
            placeholders |= {f"message_{kind}": message.pk, f"message_file_{kind}": stored.pk}
        by_state[state] = placeholders
    return by_state
