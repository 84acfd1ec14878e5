from django.urls import path

from .views import actions, detail, queue, token

app_name = "workflow"
urlpatterns = [
    path("", queue.queue, name="queue"),
    path("demandes/<int:pk>/", detail.detail, name="detail"),
    path("demandes/<int:pk>/actions/<slug:name>/", actions.perform, name="perform"),
    path("api-jeton/", token.api_token, name="api_token"),
]
