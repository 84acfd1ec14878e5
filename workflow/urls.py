from django.urls import path

from .views import actions, bulk, detail, queue, saved_filters, search, tags, token, versions
from .webhooks import views as webhooks

app_name = "workflow"
urlpatterns = [
    path("", queue.queue, name="queue"),
    path("demandes/<int:pk>/", detail.detail, name="detail"),
    path("demandes/<int:pk>/actions/<slug:name>/", actions.perform, name="perform"),
    path("demandes/<int:pk>/versions/", versions.compare, name="versions"),
    path("recherche/", search.search, name="search"),
    path("demandes/<int:pk>/semblables/<int:other_pk>/jugement/", search.mark_overlap, name="mark_overlap"),
    path("api-jeton/", token.api_token, name="api_token"),
    # Bulk work from the queue, saved filters, and the programs' tags.
    path("lot/", bulk.bulk, name="bulk"),
    path("lot/<int:pk>/", bulk.bulk_job, name="bulk_job"),
    path("filtres/", saved_filters.save_filter, name="save_filter"),
    path("filtres/<int:pk>/supprimer/", saved_filters.delete_filter, name="delete_filter"),
    path("etiquettes/", tags.tag_list, name="tags"),
    path("etiquettes/<int:pk>/supprimer/", tags.tag_delete, name="tag_delete"),
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
