"""What the scoring state machines (assignments, reviews) share.

A transition method runs only inside scoring's services: they mark the locked instance while they
call it, so a direct call elsewhere is refused by django-fsm (TransitionNotAllowed) instead of
changing a state without its lock, its checks and its activity log row.
"""

SERVICE_MARK = "_scoring_transition"


def through_a_service(instance):
    return bool(instance.__dict__.get(SERVICE_MARK))
