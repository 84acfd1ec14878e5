"""Accountability (policy 4): agreements, tranches, reports, program results.

World: the `funded` proposal's agreement is unsigned, with a tranche payable on its date, a draft interim
report (with an attachment), a submitted interim report and an accepted final report; the `reported`
proposal's agreement is signed (with its signed copy), paid, its final report accepted.
"""

from .table import FILE, GET, POST, P, each, same

SEEN = P(404, anonymous=302, applicant=200, analyst=200, manager=200, board=200, admin=200)

ROWS = [
    GET("conventions/", "/conventions/", same(P(200, anonymous=302))),
    GET("conventions/<int:pk>/", "/conventions/{agreement}/", each(("funded", "reported"), SEEN)),
    POST("conventions/<int:pk>/signature/", "/conventions/{agreement}/signature/",
         {"funded": P(404, anonymous=302, analyst=302, manager=302, admin=302, applicant=403, board=403)},
         body={"signed_on": "{today}", "signed_file": FILE}),
    GET("conventions/<int:pk>/convention-signee/", "/conventions/{agreement}/convention-signee/",
        {"reported": SEEN}),
    # Redirects to the agreement page of a funded proposal.
    GET("conventions/demande/<int:proposal_pk>/", "/conventions/demande/{proposal}/",
        {"funded": P(404, anonymous=302, applicant=302, analyst=302, manager=302, board=302, admin=302)}),
    POST("versements/<int:pk>/paiement/", "/versements/{tranche}/paiement/",
         {"funded": P(404, anonymous=302, manager=302, admin=302, analyst=403, board=403, applicant=403)},
         body={"t{tranche}-paid_on": "{today}", "t{tranche}-reference": "VIR-2026-001"}),
    # Cancelling a tranche that will not be paid: like recording a payment, manager and admin.
    POST("versements/<int:pk>/annulation/", "/versements/{tranche}/annulation/",
         {"funded": P(404, anonymous=302, manager=302, admin=302, analyst=403, board=403, applicant=403)},
         body={"c{tranche}-comment": "Le projet a pris fin plus tôt."}),
    GET("rapports/<int:pk>/", "/rapports/{report_draft}/", {"funded": SEEN}, label="draft report"),
    GET("rapports/<int:pk>/", "/rapports/{report_submitted}/", {"funded": SEEN}, label="submitted report"),
    GET("rapports/<int:pk>/", "/rapports/{report_accepted}/", {"reported": SEEN}, label="accepted report"),
    # Filing (saving the draft) is the organisation's: staff and admin 403.
    POST("rapports/<int:pk>/", "/rapports/{report_draft}/",
         {"funded": P(404, anonymous=302, applicant=302, analyst=403, manager=403, board=403, admin=403)},
         body={"narrative": "Bilan de mi-parcours.", "action": "save"}, label="draft report"),
    # Accepting or sending back: analyst and admin.
    POST("rapports/<int:pk>/analyse/", "/rapports/{report_submitted}/analyse/",
         {"funded": P(404, anonymous=302, analyst=302, admin=302, manager=403, board=403, applicant=403)},
         body={"decision": "return", "comment": "Précisez les dépenses."}),
    GET("rapports/pieces/<int:pk>/", "/rapports/pieces/{report_attachment}/", {"funded": SEEN}),
    POST("rapports/pieces/<int:pk>/retirer/", "/rapports/pieces/{report_attachment}/retirer/",
         {"funded": P(404, anonymous=302, applicant=302, analyst=403, manager=403, board=403, admin=403)}),
    GET("programmes/<int:pk>/resultats/", "/programmes/{program}/resultats/",
        same(P(404, anonymous=302, analyst=200, manager=200, board=200, admin=200))),
]
