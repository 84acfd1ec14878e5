"""Notifications (policy 5): each person's own centre; the outbox for admins and program managers."""

from .table import GET, POST, P, same

ROWS = [
    GET("notifications/", "/notifications/", same(P(200, anonymous=302))),
    # {notification} is the applicant's: anybody else's "mark read" must not find it.
    POST("notifications/<int:pk>/lue/", "/notifications/{notification}/lue/",
         same(P(404, anonymous=302, applicant=302))),
    POST("notifications/tout-lu/", "/notifications/tout-lu/", same(P(302))),
    GET("notifications/envois/", "/notifications/envois/", same(P(403, anonymous=302, manager=200, admin=200))),
    POST("notifications/envois/<int:pk>/renvoyer/", "/notifications/envois/{message_p}/renvoyer/",
         same(P(403, anonymous=302, manager=302, admin=302)), label="message of P"),
    POST("notifications/envois/<int:pk>/renvoyer/", "/notifications/envois/{message_q}/renvoyer/",
         same(P(403, anonymous=302, manager=404, admin=302)), label="message of Q"),
    # Every failed message of the person's own programs (none of Q's for P's manager): a redirect either way.
    POST("notifications/envois/renvoyer-echecs/", "/notifications/envois/renvoyer-echecs/",
         same(P(403, anonymous=302, manager=302, admin=302))),
]
