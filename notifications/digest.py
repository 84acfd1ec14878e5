"""The weekly digest to each analyst: per program, the lists the apps register (overdue reports, reviews
pending, tranches payable).

Each section is one query, registered by the app that owns the data from its AppConfig.ready(); the lines
are written once per recipient language, so an English-speaking analyst reads English dates and
$12,345.67 amounts.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import access

from . import outbox
from .context import format_value, program_name

# What a digest row is about, for its dedupe key and the staff page: one program (the label the rows
# have always carried).
PROGRAM = "grants.program"

# placeholder name -> section(today) -> {program_id: [(title, detail_key, detail_value)]}
_SECTIONS = {}


def register_digest_section(name, section):
    """Add a list to the digest. `name` is the analyst_digest placeholder it fills; each entry's detail is
    formatted like the placeholder `detail_key` (a date for "due_on", money for "amount"). Registering
    a name again replaces its section."""
    _SECTIONS[name] = section
    return section


def registered_sections():
    return dict(_SECTIONS)


def _facts_by_program(today):
    """{program_id: {section name: [(title, detail_key, detail_value)]}}, the details still raw values."""
    sections = registered_sections()
    facts = defaultdict(lambda: {name: [] for name in sections})
    for name, section in sections.items():
        for program_id, entries in section(today).items():
            facts[program_id][name].extend(entries)
    return facts


def lines_in(facts, language):
    """The digest's lists as one-line strings in the language."""
    return {name: [f"{title} — {format_value(key, value, language)}" for title, key, value in entries]
            for name, entries in facts.items()}


def _analysts_by_program(program_ids):
    """{program_id: (name_fr, name_en, [analysts])}, read through the users' program roles in one query."""
    users = get_user_model().objects.filter(
        program_roles__role=access.ANALYST, program_roles__program_id__in=program_ids,
    ).annotate(digest_program_id=F("program_roles__program_id"),
               digest_program_fr=F("program_roles__program__name_fr"),
               digest_program_en=F("program_roles__program__name_en"))
    found = {}
    for user in users:
        names_and_people = (user.digest_program_fr, user.digest_program_en, [])
        found.setdefault(user.digest_program_id, names_and_people)[2].append(user)
    return found


def _by_language(users):
    groups = defaultdict(list)
    for user in users:
        groups[user.language or settings.LANGUAGE_CODE].append(user)
    return groups


def send_weekly(today=None):
    """Queue this ISO week's digest for every analyst with something to read; once per week each."""
    today = today or timezone.localdate()
    year, week, _day = today.isocalendar()
    facts = _facts_by_program(today)
    analysts = _analysts_by_program([pid for pid, found in facts.items() if any(found.values())])
    queued = 0
    with transaction.atomic():
        for program_id, (name_fr, name_en, users) in analysts.items():
            for language, recipients in _by_language(users).items():
                context = lines_in(facts[program_id], language) | {
                    "program_name": program_name(name_fr, name_en, language)}
                queued += len(outbox.queue(kind="analyst_digest", recipients=recipients, context=context,
                                           about=(PROGRAM, program_id), program_id=program_id,
                                           occurrence=f"{year}-W{week:02d}"))
    return queued
