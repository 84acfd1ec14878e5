"""Bulk work in the analyst queue, saved filters and the programs' tags (workflow.bulk, /analyse/…), and the
export of a queue selection (/rapports-et-exportations/exportations/selection/).

- The bulk page (GET) and its POST are the queue's: staff somewhere (analyst, board, manager) and admins;
  anyone else signed in 403, anonymous visitors to sign in. Naming program P is 404 for Q's analyst.
  The POST adds tag {tag} to the probed proposal: 302 to the batch's summary when the proposal is in the
  persona's queue (whatever the per-proposal outcome, which the summary tells), 400 when nothing is
  selected (a draft is in nobody's queue; the board's queue starts at the decision stage).
- A batch's page {bulk_job} (the analyst's) is its requester's only: 404 for anybody else, admins included.
- Saving a filter: whoever has the queue of P (302 back to the queue); Q's analyst 404. Deleting the
  analyst's saved filter {saved_filter}: the analyst only (404 for anybody else).
- Tags: the program's managers and admins (403 for anybody else signed in).
- Exporting a selection: the export page's people (analyst, manager, admin; Q's analyst 404 for P),
  board and everyone else 403.
"""

from grants.models import Tag
from workflow.bulk.models import BulkJob, SavedFilter

from .table import GET, POST, STATES, P, same

QUEUE_PEOPLE = P(403, anonymous=302, analyst=200, outside_analyst=404, board=200, manager=200, admin=200)
SELECTED = P(403, anonymous=302, analyst=302, outside_analyst=404, board=302, manager=302, admin=302)
BOARD_UNSEEN = {**SELECTED, "board": 400}
DRAFT = {**SELECTED, "analyst": 400, "board": 400, "manager": 400, "admin": 400}
BULK_TAG = {"programme": "{program_code}", "ids": "{proposal}", "action": "tag", "tag-tag": "{tag}"}
MANAGERS = P(403, anonymous=302, manager=200, admin=200)
MANAGERS_DONE = P(403, anonymous=302, manager=302, admin=302)


def objects(program, analyst):
    """A tag of P, the analyst's finished batch and saved filter."""
    job = BulkJob.objects.create(requested_by=analyst, program=program, action="tag", state="done", total=0,
                                 progress=100, label="Ajouter une étiquette : ATI")
    saved = SavedFilter.objects.create(user=analyst, program=program, name="Mes déposées", query="state=submitted")
    return {"tag": Tag.objects.create(program=program, name="ATI").pk, "bulk_job": job.pk, "saved_filter": saved.pk}


ROWS = [
    GET("analyse/lot/", "/analyse/lot/?programme={program_code}&ids={proposal}", {"submitted": QUEUE_PEOPLE}),
    POST("analyse/lot/", "/analyse/lot/", {
        "draft": DRAFT,
        **{state: BOARD_UNSEEN for state in ("submitted", "under_analysis", "changes_requested")},
        **{state: SELECTED for state in STATES if state not in ("draft", "submitted", "under_analysis",
                                                                 "changes_requested")},
    }, body=BULK_TAG, label="tag"),
    GET("analyse/lot/<int:pk>/", "/analyse/lot/{bulk_job}/", same(P(404, anonymous=302, analyst=200))),
    POST("analyse/filtres/", "/analyse/filtres/",
         same(P(403, anonymous=302, analyst=302, outside_analyst=404, board=302, manager=302, admin=302)),
         body={"programme": "{program_code}", "name": "Nouvelles", "filtres": "state=submitted"}),
    POST("analyse/filtres/<int:pk>/supprimer/", "/analyse/filtres/{saved_filter}/supprimer/",
         same(P(404, anonymous=302, analyst=302))),
    GET("analyse/etiquettes/", "/analyse/etiquettes/", same(MANAGERS)),
    POST("analyse/etiquettes/", "/analyse/etiquettes/", same(MANAGERS_DONE),
         body={"programme": "{program_code}", "name": "jeunesse"}),
    POST("analyse/etiquettes/<int:pk>/supprimer/", "/analyse/etiquettes/{tag}/supprimer/", same(MANAGERS_DONE)),
    POST("rapports-et-exportations/exportations/selection/", "/rapports-et-exportations/exportations/selection/",
         {"submitted": P(403, anonymous=302, analyst=200, outside_analyst=404, manager=200, admin=200)},
         body={"programme": "{program_code}", "ids": "{proposal}", "format": "csv"}),
]
