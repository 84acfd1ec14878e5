"""The Django admin (policy 6), covered as the family "admin/" by these concrete pages.

Admin: 200. Manager: staff, so 200 on the index and the outbox (what their role opens), 403 on model
pages their role does not open (proposals). Everybody else: 302 to the admin login.
"""

from .table import GET, P, same

ROWS = [
    GET("admin/", "/admin/", same(P(302, admin=200, manager=200))),
    # The admin has no sign-in form of its own (allauth's, with its second factor): staff are sent on to
    # the index, anonymous to allauth's sign-in, anybody else signed in is refused.
    GET("admin/login/", "/admin/login/", same(P(403, anonymous=302, admin=302, manager=302))),
    GET("admin/grants/proposal/", "/admin/grants/proposal/", same(P(302, admin=200, manager=403))),
    GET("admin/grants/proposal/<path:object_id>/change/", "/admin/grants/proposal/{proposal}/change/",
        {"submitted": P(302, admin=200, manager=403)}),
    GET("admin/notifications/outboxmessage/", "/admin/notifications/outboxmessage/",
        same(P(302, admin=200, manager=200))),
]
