"""Site-wide routes: home, language, the API schema and docs, the profile and API token pages (sign-in and
the other account pages: table_accounts.py)."""

from .table import ALL, GET, POST, P, same

LOGGED_IN = P(200, anonymous=302)

ROWS = [
    GET("", "/", same(LOGGED_IN)),
    POST("i18n/setlang/", "/i18n/setlang/", same(ALL(302)), body={"language": "en", "next": "/"}),
    GET("jsi18n/", "/jsi18n/", same(ALL(200))),
    GET("api/v1/schema/", "/api/v1/schema/", same(ALL(200))),
    GET("api/v1/docs/", "/api/v1/docs/", same(ALL(200))),
    GET("comptes/profil/", "/comptes/profil/", same(LOGGED_IN)),
    GET("analyse/api-jeton/", "/analyse/api-jeton/", same(LOGGED_IN)),
    # The health endpoint: anyone, load balancers first (each failure has its test in tests/core/test_health.py).
    GET("sante/", "/sante/", same(ALL(200))),
    GET("healthz", "/healthz", same(ALL(200))),
]
