from django.urls import include, path

from .views import dashboard

urlpatterns = [
    path("comptes/", include("django.contrib.auth.urls")),
    path("", dashboard.home, name="home"),
]
