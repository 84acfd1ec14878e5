"""A person's Django model permissions (their own and their groups') read with their roles, in no query of
their own.

Every page's navigation asks for a few permissions that the rules deny to most people, so Django goes on
to the model backend, which reads the person's permissions and then their groups' (two queries). This
backend, placed before it, takes them from the statement that reads the person's roles once per request
(core.access) and leaves the set where Django's ModelBackend keeps it (`_perm_cache` on the user), so that
the backend after it finds them read. A superuser's are every permission, read here (the admin pages only).
It signs nobody in (no get_user()): sessions keep naming allauth's backend.
"""

from django.contrib.auth.models import Permission

from . import access

CACHE = "_perm_cache"  # django.contrib.auth.backends.ModelBackend's own


class OneQueryPermissionBackend:
    # Not a BaseBackend: its get_user() would make Django's test client and allauth pick it to sign people in.
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)

    def get_all_permissions(self, user_obj, obj=None):
        # As ModelBackend: nothing for inactive or anonymous people, nor per object.
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, CACHE):
            if user_obj.is_superuser:
                found = {f"{app}.{codename}" for app, codename in Permission.objects.values_list(
                    "content_type__app_label", "codename").order_by()}
            else:
                found = set(access.model_permissions(user_obj))
            setattr(user_obj, CACHE, found)
        return getattr(user_obj, CACHE)
