"""The rush's server: config.wsgi's application, with static file names left as they are instead of read
from collectstatic's manifest (production builds it into its image; the bench does not collect)."""

import os

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
settings.STORAGES = {**settings.STORAGES,
                     "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

from config.wsgi import application  # noqa: E402,F401  (gunicorn serves it)
