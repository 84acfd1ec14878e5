"""Where attachments, signed agreements and export files are kept: S3 (django-storages) in production, the
local disk otherwise. A storage that fails — S3 refusing, timing out or erring, a full or unwritable disk —
answers the person with core.errors.Unavailable (503 and a French message, on pages and in the API) rather
than a server error. Files are saved inside the callers' transactions, so nothing is recorded either; a
background export marks its job failed. A file that is missing stays FileNotFoundError."""

import logging
from contextlib import contextmanager

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files import storage as django_storage
from django.utils.translation import gettext_lazy as _
from storages.backends import s3

from .errors import Unavailable

logger = logging.getLogger(__name__)
MESSAGE = _("Le dépôt des fichiers est momentanément indisponible. Réessayez dans quelques minutes : "
            "rien n'a été enregistré.")
# boto3's own defaults wait a minute to connect and a minute for each answer, with retries: a web process
# would be held for minutes by an endpoint that does not answer. These keep it under gunicorn's 30 s.
S3_CLIENT = Config(connect_timeout=2, read_timeout=10, retries={"mode": "standard", "total_max_attempts": 2})


@contextmanager
def _unavailable_on_failure(operation, name):
    try:
        yield
    except FileNotFoundError:
        raise
    except (OSError, BotoCoreError, ClientError) as error:
        logger.error("Storage failed to %s %s", operation, name, exc_info=True)
        raise Unavailable(MESSAGE, code="storage_unavailable") from error


class _Guarded:
    # What a request or a task does with a file: read it, write it (after looking for a free name), delete it.
    def _open(self, name, mode="rb"):
        with _unavailable_on_failure("open", name):
            return super()._open(name, mode)

    def _save(self, name, content):
        with _unavailable_on_failure("save", name):
            return super()._save(name, content)

    def exists(self, name):
        with _unavailable_on_failure("look up", name):
            return super().exists(name)

    def delete(self, name):
        with _unavailable_on_failure("delete", name):
            return super().delete(name)


class S3Storage(_Guarded, s3.S3Storage):
    def __init__(self, **settings):
        super().__init__(**settings)
        # Over what django-storages built from the settings (addressing style, signature, proxies).
        self.client_config = self.client_config.merge(S3_CLIENT)


class FileSystemStorage(_Guarded, django_storage.FileSystemStorage):
    pass
