"""Checks the serving processes (web, Celery worker and beat) run before they accept any work."""

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
