"""Write and read the activity log of any object (reports, tranches, assignments, reviews…)."""

from django.contrib.contenttypes.models import ContentType

from .models import ActivityLog


def record(obj, actor, action, from_state="", to_state="", comment="", data=None):
    """One immutable row; call it inside the transaction that changed the object."""
    return ActivityLog.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=obj.pk,
        actor=actor if actor is not None and actor.is_authenticated else None, action=action,
        from_state=from_state or "", to_state=to_state or "", comment=comment or "", data=data or {})


def history(obj):
    return ActivityLog.objects.of(obj).select_related("actor")
