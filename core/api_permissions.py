"""The API's default permission classes (REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]). A module of its own:
DRF imports it while rest_framework.views loads, so it must not import that module back."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from . import access


class SecondFactorForStaff(permissions.BasePermission):
    """The second-factor rule of SecondFactorMiddleware for API calls made with a token: DRF authenticates
    them inside the view, after the middleware has seen an anonymous request."""

    message = _("Votre rôle exige la double authentification : activez-la dans Concerto avant d'utiliser "
                "l'API.")
    code = "mfa_required"

    def has_permission(self, request, view):
        user = request.user
        if not settings.CONCERTO_STAFF_MFA_REQUIRED or not user or not user.is_authenticated:
            return True
        return not access.works_on_files(user) or access.has_second_factor(user)
