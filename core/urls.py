"""Core's pages: the health endpoint (core.health.HealthProbeMiddleware answers these paths first)."""

from django.urls import path

from .health import health

urlpatterns = [
    path("sante/", health, name="health"),
    path("healthz", health, name="healthz"),
]
