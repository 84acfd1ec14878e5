"""A call's own questions (grants.views.questions) and the answers to them.

Policy: the questions of a call are managed by its program's managers and by admins; everybody else
signed in gets 403 (a manager of another program would get 404; no persona of the world is one),
anonymous a redirect to sign in (302). A successful POST redirects back to the call's questions (302).

A file answer is read as the proposal's attachments are: its members, the program's analysts and
managers once submitted, its board from the decision stage on, admins; 404 for everybody else.
Answering through the API (PUT …/answers/) is a write of the application, as the API's other writes:
the members while the proposal is editable (draft, changes_requested); a member otherwise 409, the
staff who see it 403, everybody else 404, anonymous 403.
"""

from .table import DECISION_STATES, GET, POST, P, Row, each, same

ANALYSIS_STATES = ("submitted", "under_analysis", "changes_requested")
PDF = b"%PDF-1.4\n%test\n"

MANAGE_READ = same(P(403, anonymous=302, manager=200, admin=200))
MANAGE_WRITE = same(P(403, anonymous=302, manager=302, admin=302))

SEEN_DRAFT = P(404, anonymous=302, applicant=200, admin=200)
SEEN_ANALYSIS = P(404, anonymous=302, applicant=200, analyst=200, manager=200, admin=200)
SEEN_DECISION = P(404, anonymous=302, applicant=200, analyst=200, manager=200, board=200, admin=200)
FILE_SEEN = {"draft": SEEN_DRAFT, **each(ANALYSIS_STATES, SEEN_ANALYSIS), **each(DECISION_STATES, SEEN_DECISION)}

API_CLOSED_ANALYSIS = P(404, anonymous=403, applicant=409, analyst=403, manager=403, admin=403)
API_CLOSED_DECISION = P(404, anonymous=403, applicant=409, analyst=403, manager=403, board=403, admin=403)
API_WRITE = {
    "draft": P(404, anonymous=403, applicant=200, admin=403),
    "submitted": API_CLOSED_ANALYSIS, "under_analysis": API_CLOSED_ANALYSIS,
    "changes_requested": P(404, anonymous=403, applicant=200, analyst=403, manager=403, admin=403),
    **each(DECISION_STATES, API_CLOSED_DECISION),
}

QUESTION = {"step": "projet", "kind": "short_text", "label_fr": "Numéro d'organisme de bienfaisance"}
PROPOSAL_API = "api/v1/^proposals/(?P<pk>[0-9]+)"

ROWS = [
    GET("appels/questions/", "/appels/questions/", MANAGE_READ),
    GET("appels/<int:call_pk>/questions/", "/appels/{call}/questions/", MANAGE_READ),
    POST("appels/<int:call_pk>/questions/", "/appels/{call}/questions/", MANAGE_WRITE, body=QUESTION),
    POST("appels/<int:call_pk>/questions/bibliotheque/", "/appels/{call}/questions/bibliotheque/", MANAGE_WRITE,
         body={"library_question": "{library_question}", "step": "budget"}),
    GET("appels/<int:call_pk>/questions/<int:pk>/", "/appels/{call}/questions/{question}/", MANAGE_READ),
    POST("appels/<int:call_pk>/questions/<int:pk>/", "/appels/{call}/questions/{question}/", MANAGE_WRITE,
         body={**QUESTION, "label_fr": "Numéro d'enregistrement de l'organisme"}),
    POST("appels/<int:call_pk>/questions/<int:pk>/retirer/", "/appels/{call}/questions/{question}/retirer/",
         MANAGE_WRITE),
    GET("demandes/<int:pk>/reponses/<int:answer_pk>/fichier/", "/demandes/{proposal}/reponses/{answer_file}/fichier/",
        FILE_SEEN),
    Row(PROPOSAL_API + "/answers/$", "/api/v1/proposals/{proposal}/answers/", API_WRITE, "PUT",
        body={"version": "{version}", "items": [{"question": "{question}", "text": "RR0001"}]}),
]


def objects(call, proposals, manager):
    """An optional question of the call (placeholder `question`), a library question (`library_question`),
    and per state a file question's answer with its file (`answer_file`). Returns (base, by_state)."""
    from django.core.files.base import ContentFile

    from grants.models import Answer, LibraryQuestion
    from grants.services import questions as service

    def content(kind, label):
        return {"kind": kind, "label_fr": label, "label_en": "", "help_fr": "", "help_en": "", "required": False,
                "max_length": None, "options": []}

    question = service.add_question(call, manager, step="projet", content=content("short_text", "Numéro d'organisme"))
    letter = service.add_question(call, manager, step="partenaires", content=content("file", "Lettre d'appui"))
    library = LibraryQuestion.objects.create(kind="yes_no", label_fr="Le projet est-il nouveau ?")
    by_state = {}
    for state, proposal in proposals.items():
        answer = Answer(proposal=proposal, question=letter, version=letter.current, file_name="lettre.pdf",
                        content_type="application/pdf", size=len(PDF))
        answer.file.save("lettre.pdf", ContentFile(PDF), save=True)
        by_state[state] = {"answer_file": answer.pk}
    return {"question": question.pk, "library_question": library.pk}, by_state
