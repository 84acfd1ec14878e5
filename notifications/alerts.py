"""Telling the people who can act when mail has stopped going out.

The sweep calls alert_failing(): messages still failing (pending again after a transient error) for more
than an hour make the outbox queue an `outbox_failing` notice to the managers of their program (to the
admins for messages without a program, such as password resets), at most once per program and day.
The notice is in-app first, because mail may be what is broken: it lands in the notification centre and
the header's unread count at once; its e-mail copy goes out when mail works again, or right away when only
some addresses fail.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Value
from django.urls import reverse
from django.utils import timezone

from core import access

from . import outbox
from .context import program_name
from .digest import PROGRAM
from .models import OutboxMessage
from .selectors import RETRYING

KIND = "outbox_failing"
ALERT_AFTER = timedelta(hours=1)


def alert_failing(now=None):
    """Queue today's alert for each program with messages failing for over an hour. Returns how many."""
    now = now or timezone.now()
    # An alert that cannot be mailed must not raise alerts about itself.
    failing = (OutboxMessage.objects.filter(RETRYING, first_failed_at__lte=now - ALERT_AFTER).exclude(kind=KIND)
               .values("program_id").annotate(count=Count("id")).order_by())
    day = timezone.localdate(now).isoformat()
    url = f"{settings.SITE_URL}{reverse('notifications:outbox')}?state=retrying"
    queued = 0
    with transaction.atomic():
        for row in failing:
            program_id = row["program_id"]
            about = (PROGRAM, program_id) if program_id else ("", None)
            for users, name in _recipients(program_id).values():
                queued += len(outbox.queue(
                    kind=KIND, recipients=users, about=about, program_id=program_id, occurrence=day,
                    context={"failing_count": row["count"], "url": url, "program_name": name}))
    return queued


def _recipients(program_id):
    """{language: (users, the program's name in it)}: the program's managers, or the admins."""
    users = get_user_model().objects.filter(is_active=True)
    if program_id is None:
        users = users.filter(is_superuser=True).annotate(name_fr=Value(""), name_en=Value(""))
    else:
        users = users.filter(program_roles__role=access.MANAGER, program_roles__program_id=program_id).annotate(
            name_fr=F("program_roles__program__name_fr"), name_en=F("program_roles__program__name_en"))
    found = {}
    for user in users:
        language = user.language or settings.LANGUAGE_CODE
        found.setdefault(language, ([], program_name(user.name_fr, user.name_en, language)))[0].append(user)
    return found
