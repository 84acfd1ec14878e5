"""Site-wide routes: home, language, auth pages, the API schema and docs, the API token page."""

from .table import ALL, GET, POST, P, same

LOGGED_IN = P(200, anonymous=302)

ROWS = [
    GET("", "/", same(LOGGED_IN)),
    POST("i18n/setlang/", "/i18n/setlang/", same(ALL(302)), body={"language": "en", "next": "/"}),
    GET("jsi18n/", "/jsi18n/", same(ALL(200))),
    GET("api/v1/schema/", "/api/v1/schema/", same(ALL(200))),
    GET("api/v1/docs/", "/api/v1/docs/", same(ALL(200))),
    GET("comptes/login/", "/comptes/login/", same(ALL(200))),
    GET("comptes/logout/", "/comptes/logout/", same(ALL(405))),
    POST("comptes/logout/", "/comptes/logout/", same(ALL(302))),
    GET("comptes/password_change/", "/comptes/password_change/", same(LOGGED_IN)),
    GET("comptes/password_change/done/", "/comptes/password_change/done/", same(LOGGED_IN)),
    GET("comptes/password_reset/", "/comptes/password_reset/", same(ALL(200))),
    GET("comptes/password_reset/done/", "/comptes/password_reset/done/", same(ALL(200))),
    # An invalid link still answers 200 ("this link is no longer valid").
    GET("comptes/reset/<uidb64>/<token>/", "/comptes/reset/MQ/not-a-token/", same(ALL(200))),
    GET("comptes/reset/done/", "/comptes/reset/done/", same(ALL(200))),
    GET("comptes/profil/", "/comptes/profil/", same(LOGGED_IN)),
    GET("analyse/api-jeton/", "/analyse/api-jeton/", same(LOGGED_IN)),
]
