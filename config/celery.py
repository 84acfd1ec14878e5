import os

from celery import Celery
from celery.signals import beat_init, celeryd_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("concerto")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def refuse_to_start_without_a_secret_key(**kwargs):
    from django.core.exceptions import ImproperlyConfigured

    from config.startup import require_secret_key

    try:
        require_secret_key()
    except ImproperlyConfigured as error:
        # Celery logs and swallows exceptions raised by signal handlers: only SystemExit stops the process.
        raise SystemExit(f"ImproperlyConfigured: {error}") from error


@celeryd_init.connect
@beat_init.connect
def create_the_embedded_broker_folders(**kwargs):
    from config.startup import prepare_local_folders

    prepare_local_folders()
