from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/lue/", views.mark_read, name="read"),
    path("tout-lu/", views.mark_all_read, name="read_all"),
    path("envois/", views.outbox, name="outbox"),
    path("envois/<int:pk>/renvoyer/", views.retry, name="retry"),
    path("envois/renvoyer-echecs/", views.resend_failed, name="resend_failed"),
]
