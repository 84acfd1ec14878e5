"""Checks the serving processes (web, Celery worker and beat) run before they accept any work."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off."


def require_secret_key():
    from django.conf import settings

    try:
        key = settings.SECRET_KEY  # Django itself refuses an empty key on access
    except ImproperlyConfigured:
        key = ""
    if not key:
        raise ImproperlyConfigured(MISSING_SECRET_KEY)


def prepare_local_folders():
    """The embedded broker's folders: kombu's filesystem transport does not create them, so a fresh
    clone's worker or beat would crash. Nothing to do with Redis."""
    from django.conf import settings

    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    for option in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if option in options:
            Path(options[option]).mkdir(parents=True, exist_ok=True)
