"""Webhooks (pages under /analyse/webhooks/ and /api/v1/webhooks/): a program's manager and admins only.

Who manages no program gets 403 everywhere (anonymous: the pages' login redirect, the API's 403); the
manager of P gets 404 for Q's endpoint and delivery; admins everything. World: one endpoint in P with a
failed delivery ({webhook_p}, {webhook_delivery_p}) and one in Q ({webhook_q}, {webhook_delivery_q}),
built by `objects()` below for conftest.py.
"""

from .table import GET, POST, P, same

MANAGERS = P(403, anonymous=302, manager=200, admin=200)
MANAGERS_Q = P(403, anonymous=302, manager=404, admin=200)
DONE = P(403, anonymous=302, manager=302, admin=302)
DONE_Q = P(403, anonymous=302, manager=404, admin=302)
API = P(403, manager=200, admin=200)
API_Q = P(403, manager=404, admin=200)
REGISTER = {"program": "{program}", "url": "https://hooks.example.org/concerto", "events": "proposal.transitioned"}

ROWS = [
    GET("analyse/webhooks/", "/analyse/webhooks/", same(MANAGERS)),
    GET("analyse/webhooks/nouveau/", "/analyse/webhooks/nouveau/", same(MANAGERS)),
    # Registered: the answer is the page showing the secret once (200), not a redirect.
    POST("analyse/webhooks/nouveau/", "/analyse/webhooks/nouveau/", same(MANAGERS), body=REGISTER),
    GET("analyse/webhooks/<int:pk>/", "/analyse/webhooks/{webhook_p}/", same(MANAGERS), label="endpoint of P"),
    GET("analyse/webhooks/<int:pk>/", "/analyse/webhooks/{webhook_q}/", same(MANAGERS_Q), label="endpoint of Q"),
    POST("analyse/webhooks/<int:pk>/secret/", "/analyse/webhooks/{webhook_p}/secret/", same(MANAGERS),
         label="endpoint of P"),
    POST("analyse/webhooks/<int:pk>/secret/", "/analyse/webhooks/{webhook_q}/secret/", same(MANAGERS_Q),
         label="endpoint of Q"),
    POST("analyse/webhooks/<int:pk>/essai/", "/analyse/webhooks/{webhook_p}/essai/", same(DONE),
         label="endpoint of P"),
    POST("analyse/webhooks/<int:pk>/essai/", "/analyse/webhooks/{webhook_q}/essai/", same(DONE_Q),
         label="endpoint of Q"),
    POST("analyse/webhooks/<int:pk>/activation/", "/analyse/webhooks/{webhook_p}/activation/", same(DONE),
         body={"active": "0"}, label="endpoint of P"),
    POST("analyse/webhooks/<int:pk>/activation/", "/analyse/webhooks/{webhook_q}/activation/", same(DONE_Q),
         body={"active": "0"}, label="endpoint of Q"),
    POST("analyse/webhooks/<int:pk>/supprimer/", "/analyse/webhooks/{webhook_p}/supprimer/", same(DONE),
         label="endpoint of P"),
    POST("analyse/webhooks/<int:pk>/supprimer/", "/analyse/webhooks/{webhook_q}/supprimer/", same(DONE_Q),
         label="endpoint of Q"),
    POST("analyse/webhooks/envois/<int:pk>/relancer/", "/analyse/webhooks/envois/{webhook_delivery_p}/relancer/",
         same(DONE), label="delivery of P"),
    POST("analyse/webhooks/envois/<int:pk>/relancer/", "/analyse/webhooks/envois/{webhook_delivery_q}/relancer/",
         same(DONE_Q), label="delivery of Q"),

    # The API: the manager of P lists P's endpoint, admins both.
    GET("api/v1/^webhooks/$", "/api/v1/webhooks/", same(API), counts=P(None, manager=1, admin=2)),
    POST("api/v1/^webhooks/$", "/api/v1/webhooks/", same(P(403, manager=201, admin=201)), body=REGISTER),
    GET("api/v1/^webhooks/(?P<pk>[0-9]+)/$", "/api/v1/webhooks/{webhook_p}/", same(API), label="endpoint of P"),
    GET("api/v1/^webhooks/(?P<pk>[0-9]+)/$", "/api/v1/webhooks/{webhook_q}/", same(API_Q), label="endpoint of Q"),
    GET("api/v1/^webhooks/(?P<pk>[0-9]+)/deliveries/$", "/api/v1/webhooks/{webhook_p}/deliveries/", same(API),
        counts=P(None, manager=1, admin=1), label="endpoint of P"),
    GET("api/v1/^webhooks/(?P<pk>[0-9]+)/deliveries/$", "/api/v1/webhooks/{webhook_q}/deliveries/", same(API_Q),
        label="endpoint of Q"),
]


def objects(program, other_program):
    """The world's webhook placeholders: an endpoint per program, each with one failed delivery."""
    from workflow.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

    found = {}
    for suffix, in_program in (("p", program), ("q", other_program)):
        endpoint = WebhookEndpoint.objects.create(program=in_program, url=f"https://{suffix}.example.org/hook",
                                                  secret="whsec_access_matrix", events=["proposal.transitioned"])
        event = WebhookEvent.objects.create(kind="proposal.transitioned", program=in_program, payload={})
        found[f"webhook_{suffix}"] = endpoint.pk
        found[f"webhook_delivery_{suffix}"] = WebhookDelivery.objects.create(
            endpoint=endpoint, event=event, state="failed", attempts=6, last_error="HTTP 500").pk
    return found
