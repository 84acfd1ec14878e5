import gc
import os

from django.core.wsgi import get_wsgi_application

from config.startup import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
require_secret_key()

from config.warmup import warm  # noqa: E402  (needs the apps loaded: it imports allauth's adapter)

warm()
# What is loaded now lives as long as the process: the collector need not walk it again at each full
# collection; with --preload, walking it would also copy every page a worker shares with the master.
gc.freeze()
