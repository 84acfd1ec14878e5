from django.utils.functional import SimpleLazyObject


def unread_count(request):
    """`unread_notifications` for the header: one COUNT query, only when a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from .selectors import unread_count as count_for

        return count_for(user)

    return {"unread_notifications": SimpleLazyObject(count)}
