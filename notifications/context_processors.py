from django.utils.functional import SimpleLazyObject


def unread_count(request):
    """`unread_notifications` for the header: one COUNT query, only when a template uses it; "99+" past 99."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from .selectors import UNREAD_SHOWN
        from .selectors import unread_count as count_for

        found = count_for(user)
        return f"{UNREAD_SHOWN}+" if found > UNREAD_SHOWN else found

    return {"unread_notifications": SimpleLazyObject(count)}
