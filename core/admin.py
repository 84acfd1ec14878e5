from django.contrib import admin

from .models import ActivityLog


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services: the admin shows them for support, never changes them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ActivityLog)
class ActivityLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "content_type", "object_id", "action", "from_state", "to_state", "actor"]
    list_filter = ["content_type", "action"]
    search_fields = ["comment"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type", "actor"]
