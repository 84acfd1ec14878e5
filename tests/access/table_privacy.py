"""Privacy pages (Loi 25): the public notice, a person's own data and account closure, the access log, and
the admin pages of the incident register and the retention rules.

The notice is public. A person's own data and the closure page are the same for every signed-in persona:
each reaches only their own account. Closing needs the person's password (every persona of the world has
"secret-pass-123"): a wrong one answers the form again (400), the right one closes and signs out (302);
each probe is rolled back. The access log: admins (every program) and program managers (their programs);
everybody else signed in is refused (403); a program filter naming a program outside the manager's
(Q, the outside analyst's) is a 404 for the manager. The incident register and the retention rules are the
admins' only, although managers are admin staff (403 for them).
"""

from .table import ALL, GET, POST, P, same

SIGNED_IN = P(200, anonymous=302)
LOG_READERS = P(403, anonymous=302, manager=200, admin=200)

ROWS = [
    GET("confidentialite/", "/confidentialite/", same(ALL(200))),
    GET("comptes/mes-donnees/", "/comptes/mes-donnees/", same(SIGNED_IN)),
    GET("comptes/mes-donnees/telecharger/", "/comptes/mes-donnees/telecharger/", same(SIGNED_IN)),
    GET("comptes/fermer/", "/comptes/fermer/", same(SIGNED_IN)),
    POST("comptes/fermer/", "/comptes/fermer/", same(P(400, anonymous=302)), label="wrong password",
         body={"password": "pas-le-bon-mot-de-passe", "confirm": "on"}),
    POST("comptes/fermer/", "/comptes/fermer/", same(ALL(302)), label="confirmed",
         body={"password": "secret-pass-123", "confirm": "on"}),
    GET("confidentialite/journal-des-acces/", "/confidentialite/journal-des-acces/", same(LOG_READERS)),
    GET("confidentialite/journal-des-acces/", "/confidentialite/journal-des-acces/?programme={program}",
        same(LOG_READERS), label="own program"),
    GET("confidentialite/journal-des-acces/", "/confidentialite/journal-des-acces/?programme={other_program}",
        same(P(403, anonymous=302, manager=404, admin=200)), label="another program"),
    GET("admin/core/confidentialityincident/", "/admin/core/confidentialityincident/",
        same(P(302, admin=200, manager=403))),
    GET("admin/core/confidentialityincident/add/", "/admin/core/confidentialityincident/add/",
        same(P(302, admin=200, manager=403))),
    GET("admin/core/retentionrule/", "/admin/core/retentionrule/", same(P(302, admin=200, manager=403))),
    GET("admin/core/accesslog/", "/admin/core/accesslog/", same(P(302, admin=200, manager=403))),
]
