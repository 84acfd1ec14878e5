"""The public portal and its open data (no sign-in), and the staff page holding a project's publication back.

Public pages and files answer 200 to everyone, anonymous included; an unknown program is a 404.
The publication page (GET, and POST to hold back or release) is the program's analysts' and managers' once
the proposal is submitted, and the admins' in every state: they get the page (200) or are sent back to it
(302; releasing a published project only tells them it is published). The applicant's members see the
proposal but may not decide (403), nor may the board from the decision stage on (403); everybody else gets
a 404; anonymous visitors are sent to sign in (302). An empty reason for holding back is a 400.
"""

from .table import ALL, GET, POST, P, same

PUBLIC = same(ALL(200))


def _publication(decider):
    """Per state: `decider` for the program's analysts and managers once submitted, and for admins."""
    hidden = P(404, anonymous=302, applicant=403, admin=decider)
    analysis = P(404, anonymous=302, applicant=403, analyst=decider, manager=decider, admin=decider)
    decision = P(404, anonymous=302, applicant=403, analyst=decider, manager=decider, board=403, admin=decider)
    return {"draft": hidden, "submitted": analysis, "under_analysis": analysis, "changes_requested": analysis,
            "recommended": decision, "funded": decision, "reported": decision}


PUBLICATION = "public/gestion/demandes/<int:pk>/publication/"
PUBLICATION_PATH = "/public/gestion/demandes/{proposal}/publication/"

ROWS = [
    GET("public/", "/public/", PUBLIC),
    GET("public/donnees/", "/public/donnees/", PUBLIC),
    GET("public/donnees/projets.csv", "/public/donnees/projets.csv", PUBLIC),
    GET("public/donnees/projets.json", "/public/donnees/projets.json", PUBLIC),
    GET("public/donnees/<slug:code>/projets.csv", "/public/donnees/{program_code}/projets.csv", PUBLIC),
    GET("public/donnees/<slug:code>/projets.json", "/public/donnees/{program_code}/projets.json", PUBLIC),
    GET("public/donnees/<slug:code>/projets.csv", "/public/donnees/inconnu/projets.csv", same(ALL(404)),
        label="unknown program"),
    GET("public/<slug:code>/", "/public/{program_code}/", PUBLIC),
    GET("public/<slug:code>/", "/public/{program_code}/?mrc=x&axe=y&annee=2025&etat=funded&apres=9", PUBLIC,
        label="filters"),
    GET("public/<slug:code>/", "/public/inconnu/", same(ALL(404)), label="unknown program"),
    GET(PUBLICATION, PUBLICATION_PATH, _publication(200)),
    POST(PUBLICATION, PUBLICATION_PATH, _publication(302), label="hold back",
         body={"action": "hold", "reason": "Des participantes pourraient être reconnues."}),
    POST(PUBLICATION, PUBLICATION_PATH, _publication(400), label="hold back without a reason",
         body={"action": "hold", "reason": ""}),
    POST(PUBLICATION, PUBLICATION_PATH, _publication(302), label="release", body={"action": "release"}),
]
