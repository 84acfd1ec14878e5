"""What a reminder source is made of: the Reminder and Person it yields, and the reads sources share.

Sources live in the apps that own the data (accountability: reports and tranches; scoring: reviews) and
register with notifications.reminders.register_source() from their AppConfig.ready(). Each source turns
ONE query into candidate reminders; recipients are read with joins (no per-row queries, no huge IN lists).
"""

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    name: str
    language: str


@dataclass
class Reminder:
    # The source's name: with object_id, kind and occurrence, the key each reminder is claimed once under.
    source: str
    object_type: str
    object_id: int
    kind: str
    occurrence: str
    program_id: int
    recipients: list = field(default_factory=list)
    # Raw values (dates, amounts, numbers; words as lazy strings, e.g. django.utils.functional.lazy), which
    # notifications.reminders formats in each recipient's language. They must carry "proposal_id" (the
    # link) and "program_name_fr"/"program_name_en"; PROPOSAL_FIELDS reads all of them.
    values: dict = field(default_factory=dict)

    @property
    def key(self):
        return (self.source, self.object_id, self.kind, self.occurrence)


# Read through a row's `user` (a membership, a program role).
PERSON_FIELDS = ("user_id", "user__email", "user__full_name", "user__language")
# Placeholder name -> path from a proposal.
PROPOSAL_FIELDS = {
    "proposal_title": "title", "proposal_reference": "reference", "organisation_id": "organisation_id",
    "organisation_name": "organisation__legal_name", "call_title": "call__title",
    "program_id": "call__program_id", "program_name_fr": "call__program__name_fr",
    "program_name_en": "call__program__name_en", "proposal_id": "id",
}


def person(user_id, email, name, language):
    return Person(user_id, email, name or email, language or "fr")


def people_by(queryset, group_field):
    """{group: [Person]} of a queryset of rows that have a `user` (active users only), in one query."""
    grouped = defaultdict(list)
    for group, *fields in queryset.filter(user__is_active=True).values_list(group_field, *PERSON_FIELDS):
        grouped[group].append(person(*fields))
    return grouped


def rows_with_proposal(queryset, prefix, own):
    """Dicts of the proposal's placeholders (reached through `prefix`) and the `own` {name: path} fields."""
    fields = {name: f"{prefix}{path}" for name, path in PROPOSAL_FIELDS.items()} | own
    for row in queryset.values(*fields.values()):
        yield {name: row[path] for name, path in fields.items()}


def due_values(occurrence, days):
    """The count of days a due-date reminder shows: days left before, days late after."""
    return {"days_late": days} if occurrence.startswith("overdue") else {"days_left": days}
