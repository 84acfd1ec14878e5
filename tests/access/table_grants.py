"""Applicant side: organisations, invitations, new proposals, the proposal pages and their attachments.

Policy 1: members see their proposal in every state; analyst and manager of P once submitted (a draft
is the organisation's private work); board of P from the decision stage on; every reviewer persona,
other_applicant and outside_analyst get 404; anonymous 302 to login; admin 200. Writing: members only
and only while editable (draft, changes_requested); 403 for a member on a non-editable proposal and for
anyone else who can see it (staff, admin); 404 for anyone who cannot see it. A step page is the step's
edit form (the read-only view is demandes/<pk>/): 200 for who may write, a redirect to the read-only
page for who may only see it, 404 for the others.
"""

from .table import ALL, FILE, GET, POST, P, same

# Who sees the proposal, per state.
SEEN_DRAFT = P(404, anonymous=302, applicant=200, admin=200)
SEEN_ANALYSIS = P(404, anonymous=302, applicant=200, analyst=200, manager=200, admin=200)
SEEN_DECISION = P(404, anonymous=302, applicant=200, analyst=200, manager=200, board=200, admin=200)
SEEN = {
    "draft": SEEN_DRAFT,
    "submitted": SEEN_ANALYSIS, "under_analysis": SEEN_ANALYSIS, "changes_requested": SEEN_ANALYSIS,
    "recommended": SEEN_DECISION, "funded": SEEN_DECISION, "reported": SEEN_DECISION,
}

# Who may write, per state: 302 is the redirect after a permitted POST.
WRITE_DRAFT = P(404, anonymous=302, applicant=302, admin=403)
WRITE_CLOSED_ANALYSIS = P(404, anonymous=302, applicant=403, analyst=403, manager=403, admin=403)
WRITE_CHANGES = P(404, anonymous=302, applicant=302, analyst=403, manager=403, admin=403)
WRITE_CLOSED_DECISION = P(404, anonymous=302, applicant=403, analyst=403, manager=403, board=403, admin=403)
WRITE = {
    "draft": WRITE_DRAFT,
    "submitted": WRITE_CLOSED_ANALYSIS, "under_analysis": WRITE_CLOSED_ANALYSIS,
    "changes_requested": WRITE_CHANGES,
    "recommended": WRITE_CLOSED_DECISION, "funded": WRITE_CLOSED_DECISION, "reported": WRITE_CLOSED_DECISION,
}
# Opening a step's form: 200 where they may write; whoever sees the proposal but may not write it is
# sent to its read-only page (302), a kinder answer than a 403 for a link followed after submission.
READ_ONLY_ANALYSIS = P(404, anonymous=302, applicant=302, analyst=302, manager=302, admin=302)
READ_ONLY_DECISION = P(404, anonymous=302, applicant=302, analyst=302, manager=302, board=302, admin=302)
FORM = {
    "draft": P(404, anonymous=302, applicant=200, admin=302),
    "submitted": READ_ONLY_ANALYSIS, "under_analysis": READ_ONLY_ANALYSIS,
    "changes_requested": P(404, anonymous=302, applicant=200, analyst=302, manager=302, admin=302),
    "recommended": READ_ONLY_DECISION, "funded": READ_ONLY_DECISION, "reported": READ_ONLY_DECISION,
}

# A new organisation, unlike every other one of the world (its NEQ, its name in its municipality).
REGISTRATION = {"legal_name": "Entraide matricielle du littoral", "neq": "2299999999", "kind": "obnl",
                "municipality": "{municipality}", "email": "info@entraide.example.org",
                "mission": "Briser l'isolement des personnes aînées."}
LOGGED_IN = P(200, anonymous=302)
# Answering organisation A's join request (sent by other_applicant): A's members and admin; its author
# sees it but may not answer it (403); anybody else gets 404.
DECIDE_JOIN = same(P(404, anonymous=302, applicant=302, other_applicant=403, admin=302))

ORGANISATION_ROWS = [
    # Members are sent to their organisation; anybody else to the page for registering or joining one.
    GET("mon-organisme/", "/mon-organisme/", same(ALL(302))),
    GET("organismes/commencer/", "/organismes/commencer/", same(LOGGED_IN)),
    GET("organismes/inscrire/", "/organismes/inscrire/", same(LOGGED_IN)),
    # Any signed-in person may register an organisation and becomes its first member.
    POST("organismes/inscrire/", "/organismes/inscrire/", same(ALL(302)), body=REGISTRATION),
    GET("organismes/rejoindre/", "/organismes/rejoindre/?q=Organisme", same(LOGGED_IN)),
    # Members are sent to their organisation's page; anybody else may ask to join it.
    GET("organismes/<int:pk>/rejoindre/", "/organismes/{organisation}/rejoindre/",
        same(P(200, anonymous=302, applicant=302))),
    # Asked (302 to the start page), or refused with a message (already a member, already asked): 302.
    POST("organismes/<int:pk>/rejoindre/", "/organismes/{organisation}/rejoindre/", same(ALL(302)),
         body={"message": "Je coordonne le comptoir alimentaire."}),
    POST("organismes/<int:pk>/adhesions/<int:request_pk>/accepter/",
         "/organismes/{organisation}/adhesions/{join_request}/accepter/", DECIDE_JOIN),
    POST("organismes/<int:pk>/adhesions/<int:request_pk>/refuser/",
         "/organismes/{organisation}/adhesions/{join_request}/refuser/", DECIDE_JOIN),
    # Analysts and managers (of any program) and admins list the organisations they may verify.
    GET("organismes/a-verifier/", "/organismes/a-verifier/",
        same(P(403, anonymous=302, analyst=200, outside_analyst=200, manager=200, admin=200))),
    # Organisation A has submitted proposals in P: P's analyst and manager verify it; a member may not (403);
    # staff of Q, the board and reviewers have no say (404).
    POST("organismes/<int:pk>/verifier/", "/organismes/{organisation}/verifier/",
         same(P(404, anonymous=302, applicant=403, analyst=302, manager=302, admin=302))),
    GET("organismes/<int:pk>/", "/organismes/{organisation}/", same(P(404, anonymous=302, applicant=200, admin=200))),
    GET("organismes/<int:pk>/modifier/", "/organismes/{organisation}/modifier/",
        same(P(404, anonymous=302, applicant=200, admin=200))),
    POST("organismes/<int:pk>/inviter/", "/organismes/{organisation}/inviter/",
         same(P(404, anonymous=302, applicant=302, admin=302)), body={"email": "new-member@example.org"}),
    # A pending invitation link: anonymous sees the sign-up form, a signed-in person the accept page.
    GET("invitation/<str:token>/", "/invitation/{invitation}/", same(ALL(200))),
    # Members of any organisation may start a proposal in an open call; others are sent home.
    GET("appels/<int:call_pk>/nouvelle-demande/", "/appels/{call}/nouvelle-demande/",
        same(P(302, applicant=200, other_applicant=200))),
]

STEP_BODY = {"version": "{version}", "title": "Projet solidaire (révisé)", "mission": "Soutenir les familles."}

PROPOSAL_ROWS = [
    GET("demandes/<int:pk>/", "/demandes/{proposal}/", SEEN),
    GET("demandes/<int:pk>/etapes/<slug:slug>/", "/demandes/{proposal}/etapes/projet/", FORM),
    POST("demandes/<int:pk>/etapes/<slug:slug>/", "/demandes/{proposal}/etapes/projet/", WRITE, body=STEP_BODY),
    POST("demandes/<int:pk>/pieces/ajouter/", "/demandes/{proposal}/pieces/ajouter/", WRITE,
         body={"kind": "{attachment_type}", "file": FILE}),
    GET("demandes/<int:pk>/pieces/<int:attachment_pk>/", "/demandes/{proposal}/pieces/{attachment}/", SEEN),
    POST("demandes/<int:pk>/pieces/<int:attachment_pk>/retirer/",
         "/demandes/{proposal}/pieces/{attachment}/retirer/", WRITE),
    POST("demandes/<int:pk>/deposer/", "/demandes/{proposal}/deposer/", WRITE),
]
