from django.urls import path

from .views import actions, detail, queue, search, token
from .webhooks import views as webhooks

app_name = "workflow"
urlpatterns = [
    path("", queue.queue, name="queue"),
    path("demandes/<int:pk>/", detail.detail, name="detail"),
    path("demandes/<int:pk>/actions/<slug:name>/", actions.perform, name="perform"),
    path("recherche/", search.search, name="search"),
    path("demandes/<int:pk>/semblables/<int:other_pk>/jugement/", search.mark_overlap, name="mark_overlap"),
    path("api-jeton/", token.api_token, name="api_token"),
    # Webhooks: a program manager's endpoints and their delivery log.
    path("webhooks/", webhooks.endpoint_list, name="webhooks"),
    path("webhooks/nouveau/", webhooks.endpoint_create, name="webhook_create"),
    path("webhooks/<int:pk>/", webhooks.endpoint_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/secret/", webhooks.rotate_secret, name="webhook_rotate_secret"),
    path("webhooks/<int:pk>/essai/", webhooks.ping, name="webhook_ping"),
    path("webhooks/<int:pk>/activation/", webhooks.activation, name="webhook_activation"),
    path("webhooks/<int:pk>/supprimer/", webhooks.delete, name="webhook_delete"),
    path("webhooks/envois/<int:pk>/relancer/", webhooks.retry, name="webhook_retry"),
]
