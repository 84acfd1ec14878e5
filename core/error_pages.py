"""config.urls.handler500: a server error answered without reading the database, which may be what failed.
The API answers its clients in its own error format (core.api); pages get templates/500.html."""

from django.utils.translation import gettext_lazy as _
from django.views import defaults

from .api import json_error

API_PREFIX = "/api/"
MESSAGE = _("Une erreur est survenue : la demande n'a pas pu être traitée. Réessayez dans quelques minutes.")


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return json_error("server_error", MESSAGE, 500)
    return defaults.server_error(request)
