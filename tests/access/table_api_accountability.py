"""The API's accountability, organisation and notification endpoints (policies 4, 5 and 7): the pages' rules
in JSON. Anonymous: 403. Who may not see the object: 404. Who sees it but may not act: 403. A permitted
write answers 200 (201 for an upload, 204 for a removal); the service's refusal of the object's state, 409.

World (conftest.py): the `funded` proposal's agreement is unsigned, with a tranche payable on its date, a
draft interim report (with an attachment, not complete), a submitted interim report and an accepted final
report; the `reported` proposal's agreement is signed and paid (1 tranche). Organisation B's agreement in Q
has no tranche. Organisations: A (the applicant's, proposals in P in every state, not verified, MRC outside
P's region) and B (the other applicant's, a funded proposal in Q). {notification} is the applicant's only one.
"""

from .table import FILE, GET, POST, P, Row, same

API = "api/v1/^"
ID = "(?P<pk>[0-9]+)"
LIST = P(200, anonymous=403)
# Who sees an agreement, a tranche or a report of A in P (policy 4).
SEEN = P(404, anonymous=403, applicant=200, analyst=200, manager=200, board=200, admin=200)
# Signing: analysts and managers of the program, admins; the applicant and the board see but may not.
SIGN = P(404, anonymous=403, applicant=403, board=403, analyst=200, manager=200, admin=200)
SIGNED_ALREADY = P(404, anonymous=403, applicant=403, board=403, analyst=409, manager=409, admin=409)
# Paying or cancelling a tranche: the program's managers and admins.
PAY = P(404, anonymous=403, applicant=403, board=403, analyst=403, manager=200, admin=200)
# Filing a report: the organisation's members only (staff and admins read it, never fill it).
FILE_REPORT = P(404, anonymous=403, applicant=200, analyst=403, manager=403, board=403, admin=403)
# Reviewing a report: the program's analysts and admins.
REVIEW = P(404, anonymous=403, applicant=403, board=403, manager=403, analyst=200, admin=200)
OWN_NOTIFICATION = P(404, anonymous=403, applicant=200)


def PATCH(route, path, expect, **kwargs):
    return Row(route, path, expect, "PATCH", **kwargs)


def DELETE(route, path, expect, **kwargs):
    return Row(route, path, expect, "DELETE", **kwargs)


ATTACHMENT = f"{API}reports/{ID}/attachments/(?P<attachment_pk>[0-9]+)/$"

ROWS = [
    POST(f"{API}agreements/{ID}/signature/$", "/api/v1/agreements/{agreement}/signature/",
         {"funded": SIGN, "reported": SIGNED_ALREADY}, body={"signed_on": "{today}", "signed_file": FILE}),

    GET(f"{API}tranches/$", "/api/v1/tranches/", same(LIST),
        counts=P(0, anonymous=None, applicant=2, analyst=2, manager=2, board=2, admin=2)),
    GET(f"{API}tranches/{ID}/$", "/api/v1/tranches/{tranche}/", {"funded": SEEN}),
    POST(f"{API}tranches/{ID}/payment/$", "/api/v1/tranches/{tranche}/payment/", {"funded": PAY},
         body={"paid_on": "{today}", "reference": "VIR-2026-001"}),
    POST(f"{API}tranches/{ID}/cancel/$", "/api/v1/tranches/{tranche}/cancel/", {"funded": PAY},
         body={"comment": "Le projet a pris fin plus tôt."}),

    PATCH(f"{API}reports/{ID}/$", "/api/v1/reports/{report_draft}/", {"funded": FILE_REPORT},
          body={"narrative": "Bilan de mi-parcours.\n", "participants_women": 12}, label="draft report"),
    PATCH(f"{API}reports/{ID}/$", "/api/v1/reports/{report_submitted}/",
          {"funded": {**FILE_REPORT, "applicant": 409}}, body={"narrative": "Après dépôt."},
          label="submitted report"),
    GET(f"{API}reports/{ID}/missing/$", "/api/v1/reports/{report_draft}/missing/", {"funded": SEEN}),
    # The world's draft report is not complete: its member's submission is refused (409 incomplete).
    POST(f"{API}reports/{ID}/submit/$", "/api/v1/reports/{report_draft}/submit/",
         {"funded": {**FILE_REPORT, "applicant": 409}}),
    POST(f"{API}reports/{ID}/attachments/$", "/api/v1/reports/{report_draft}/attachments/",
         {"funded": {**FILE_REPORT, "applicant": 201}}, body={"file": FILE}),
    GET(ATTACHMENT, "/api/v1/reports/{report_draft}/attachments/{report_attachment}/", {"funded": SEEN}),
    DELETE(ATTACHMENT, "/api/v1/reports/{report_draft}/attachments/{report_attachment}/",
           {"funded": {**FILE_REPORT, "applicant": 204}}),
    # The attachment belongs to the draft report: named under another report, it does not exist.
    GET(ATTACHMENT, "/api/v1/reports/{report_submitted}/attachments/{report_attachment}/",
        {"funded": P(404, anonymous=403)}, label="under another report"),
    POST(f"{API}reports/{ID}/accept/$", "/api/v1/reports/{report_submitted}/accept/", {"funded": REVIEW},
         body={"comment": "Merci."}, label="submitted report"),
    POST(f"{API}reports/{ID}/accept/$", "/api/v1/reports/{report_draft}/accept/",
         {"funded": {**REVIEW, "analyst": 409, "admin": 409}}, label="draft report"),
    POST(f"{API}reports/{ID}/return/$", "/api/v1/reports/{report_submitted}/return/", {"funded": REVIEW},
         body={"comment": "Précisez les dépenses."}),

    # A: its members (full), staff of P who see its submitted proposals, admins. B: its member, the
    # outside analyst (B's funded proposal in Q), admins.
    GET(f"{API}organisations/$", "/api/v1/organisations/", same(LIST),
        counts=P(0, anonymous=None, applicant=1, other_applicant=1, analyst=1, outside_analyst=1, board=1,
                 manager=1, admin=2)),
    GET(f"{API}organisations/{ID}/$", "/api/v1/organisations/{organisation}/",
        same(P(404, anonymous=403, applicant=200, analyst=200, manager=200, board=200, admin=200))),

    GET(f"{API}notifications/$", "/api/v1/notifications/", same(LIST),
        counts=P(0, anonymous=None, applicant=1)),
    GET(f"{API}notifications/{ID}/$", "/api/v1/notifications/{notification}/", same(OWN_NOTIFICATION)),
    POST(f"{API}notifications/{ID}/read/$", "/api/v1/notifications/{notification}/read/",
         same(OWN_NOTIFICATION)),
    POST(f"{API}notifications/read-all/$", "/api/v1/notifications/read-all/", same(LIST)),
]
