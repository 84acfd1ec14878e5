"""Sign-in, sign-up, addresses, passwords and second factors: django-allauth's pages under comptes/.

These pages are the same for every signed-in persona: what differs is signed in or not. The matrix signs
personas in with force_login, which records no recent password entry: pages that allauth guards with
"enter your password again" (adding a second factor, new recovery codes, a passkey's page) send every
signed-in persona to that check (302) before looking at the object. Reauthentication by a mailed code
is turned off (settings.ACCOUNT_REAUTHENTICATION_METHODS): its pages refuse (403).
Invalid or used links (address confirmation, password reset) answer 200 with "this link is no longer
valid", never an error.
"""

from .table import ALL, GET, POST, P, same

SIGNED_IN = P(200, anonymous=302)  # the page, or the sign-in page for anonymous
SIGNED_OUT = P(302, anonymous=200)  # the form, or home for someone already signed in
TO_REAUTHENTICATE = ALL(302)  # anonymous to sign-in, the others to "enter your password again"
NOTHING_TO_MANAGE = P(404, anonymous=302)  # a second factor nobody in the world has set up

ROWS = [
    GET("comptes/login/", "/comptes/login/", same(SIGNED_OUT)),
    POST("comptes/login/", "/comptes/login/", same(P(302, anonymous=200)), label="wrong password",
         body={"login": "applicant@example.org", "password": "pas-le-bon-mot-de-passe"}),
    # GET asks "sign out?"; POST signs out.
    GET("comptes/logout/", "/comptes/logout/", same(SIGNED_IN)),
    POST("comptes/logout/", "/comptes/logout/", same(ALL(302))),
    GET("comptes/inactive/", "/comptes/inactive/", same(ALL(200))),
    GET("comptes/signup/", "/comptes/signup/", same(SIGNED_OUT)),
    GET("comptes/reauthenticate/", "/comptes/reauthenticate/", same(SIGNED_IN)),
    GET("comptes/reauthenticate/code/", "/comptes/reauthenticate/code/", same(P(403, anonymous=302))),
    GET("comptes/reauthenticate/code/confirm/", "/comptes/reauthenticate/code/confirm/",
        same(P(403, anonymous=302))),
    GET("comptes/email/", "/comptes/email/", same(SIGNED_IN)),
    # "Check your inbox", after sign-up or a sign-in with an unconfirmed address.
    GET("comptes/confirm-email/", "/comptes/confirm-email/", same(ALL(200))),
    GET("comptes/^confirm-email/(?P<key>[-:\\w]+)/$", "/comptes/confirm-email/not-a-key/", same(ALL(200))),
    GET("comptes/password/change/", "/comptes/password/change/", same(SIGNED_IN)),
    # Every persona has a password: "set a password" sends them to "change it".
    GET("comptes/password/set/", "/comptes/password/set/", same(ALL(302))),
    GET("comptes/password/reset/", "/comptes/password/reset/", same(ALL(200))),
    GET("comptes/password/reset/done/", "/comptes/password/reset/done/", same(ALL(200))),
    GET("comptes/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        "/comptes/password/reset/key/1-not-a-token/", same(ALL(200))),
    GET("comptes/password/reset/key/done/", "/comptes/password/reset/key/done/", same(ALL(200))),
    # Sign-in by mailed code is off: nothing to confirm, back to the sign-in page (or home).
    GET("comptes/login/code/confirm/", "/comptes/login/code/confirm/", same(ALL(302))),

    # Second factors.
    GET("comptes/2fa/", "/comptes/2fa/", same(SIGNED_IN)),
    # Asking for the second factor only happens between the password and the session: nobody is there.
    GET("comptes/2fa/authenticate/", "/comptes/2fa/authenticate/", same(ALL(302))),
    GET("comptes/2fa/reauthenticate/", "/comptes/2fa/reauthenticate/", same(ALL(302))),
    GET("comptes/2fa/totp/activate/", "/comptes/2fa/totp/activate/", same(TO_REAUTHENTICATE)),
    GET("comptes/2fa/totp/deactivate/", "/comptes/2fa/totp/deactivate/", same(NOTHING_TO_MANAGE)),
    GET("comptes/2fa/recovery-codes/", "/comptes/2fa/recovery-codes/", same(NOTHING_TO_MANAGE)),
    GET("comptes/2fa/recovery-codes/generate/", "/comptes/2fa/recovery-codes/generate/", same(TO_REAUTHENTICATE)),
    GET("comptes/2fa/recovery-codes/download/", "/comptes/2fa/recovery-codes/download/",
        same(NOTHING_TO_MANAGE)),
    GET("comptes/2fa/webauthn/", "/comptes/2fa/webauthn/", same(SIGNED_IN)),
    GET("comptes/2fa/webauthn/add/", "/comptes/2fa/webauthn/add/", same(TO_REAUTHENTICATE)),
    GET("comptes/2fa/webauthn/reauthenticate/", "/comptes/2fa/webauthn/reauthenticate/", same(ALL(302))),
    GET("comptes/2fa/webauthn/keys/<int:pk>/remove/", "/comptes/2fa/webauthn/keys/999999/remove/",
        same(TO_REAUTHENTICATE)),
    GET("comptes/2fa/webauthn/keys/<int:pk>/edit/", "/comptes/2fa/webauthn/keys/999999/edit/",
        same(TO_REAUTHENTICATE)),
]
