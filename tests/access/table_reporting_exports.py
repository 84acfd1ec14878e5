"""Staff exports and printable files (reporting, under /rapports-et-exportations/).

Exports: the export page (GET, and POST that streams a small file) is for whoever analyses or manages a
program (analyst and manager of P, outside_analyst of Q) and for admins; anyone else signed in gets 403
(a page without an object, like the analysis queue); anonymous visitors are sent to sign in. An export
job's page and its file are its requester's only: the analyst's prepared job ({export_job}, built by
`objects()` below for conftest.py) is 404 for everybody else, admins included.

Printable files follow the pages they print: an application's PDF is for whoever sees the proposal page
(policy 1: members always, analyst and manager of P once submitted, board of P from the decision stage,
admin; reviewers never on grants pages), a report's PDF for whoever sees the report (policy 4).
"""

from django.core.files.base import ContentFile

from reporting.models import ExportJob

from .table import GET, POST, P, each, same

EXPORTERS = P(403, anonymous=302, analyst=200, outside_analyst=200, manager=200, admin=200)
REQUESTER = P(404, anonymous=302, analyst=200)
SEEN_DRAFT = P(404, anonymous=302, applicant=200, admin=200)
SEEN_ANALYSIS = P(404, anonymous=302, applicant=200, analyst=200, manager=200, admin=200)
SEEN_DECISION = P(404, anonymous=302, applicant=200, analyst=200, manager=200, board=200, admin=200)
REPORT_SEEN = P(404, anonymous=302, applicant=200, analyst=200, manager=200, board=200, admin=200)
EXPORT = {"table": "demandes", "format": "csv", "program": "", "call": "", "state": ""}


def objects(analyst):
    """The analyst's prepared export: a finished job with its file."""
    job = ExportJob.objects.create(requested_by=analyst, table="demandes", format="csv", state="done",
                                   progress=100, file_name="concerto-demandes.csv")
    job.file.save("export.csv", ContentFile(b"\xef\xbb\xbfN\r\n"), save=True)
    return {"export_job": job.pk}


ROWS = [
    GET("rapports-et-exportations/exportations/", "/rapports-et-exportations/exportations/", same(EXPORTERS)),
    POST("rapports-et-exportations/exportations/", "/rapports-et-exportations/exportations/", same(EXPORTERS),
         body=EXPORT, label="csv"),
    POST("rapports-et-exportations/exportations/", "/rapports-et-exportations/exportations/", same(EXPORTERS),
         body={**EXPORT, "table": "", "format": "xlsx"}, label="xlsx"),
    GET("rapports-et-exportations/exportations/<int:pk>/", "/rapports-et-exportations/exportations/{export_job}/",
        same(REQUESTER)),
    GET("rapports-et-exportations/exportations/<int:pk>/fichier/",
        "/rapports-et-exportations/exportations/{export_job}/fichier/", same(REQUESTER)),
    GET("rapports-et-exportations/demandes/<int:pk>/pdf/", "/rapports-et-exportations/demandes/{proposal}/pdf/",
        {"draft": SEEN_DRAFT, **each(("under_analysis",), SEEN_ANALYSIS), "funded": SEEN_DECISION}),
    GET("rapports-et-exportations/rapports/<int:pk>/pdf/",
        "/rapports-et-exportations/rapports/{report_submitted}/pdf/", {"funded": REPORT_SEEN},
        label="submitted report"),
    GET("rapports-et-exportations/rapports/<int:pk>/pdf/",
        "/rapports-et-exportations/rapports/{report_accepted}/pdf/", {"reported": REPORT_SEEN},
        label="accepted report"),
]
