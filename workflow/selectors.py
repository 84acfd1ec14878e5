"""Shared reads of the workflow: which proposals a person sees, the envelope left, who is told."""

from functools import partial

from django.db import connections, router

from accountability import agreements
from core import access
from core.compiled import Compiled, prefetched
from core.languages import in_reader_language
from grants import funders
from grants.models import (
    Attachment,
    Axis,
    BudgetLine,
    CoFunding,
    Indicator,
    LocalPlan,
    Membership,
    Partner,
    Priority,
    Program,
    ProgramRole,
    Proposal,
    Territory,
    User,
)
from grants.selectors import proposals as _base

# A granted amount stays committed once the proposal is funded, whatever happens after.

AUDIENCE_ROLES = {"analysts": "analyst", "board": "board", "managers": "manager"}


def staff_programs(user):
    # The latest plan first, as on the dashboards: the queue opens on it, where today's work is.
    programs = Program.objects.order_by("-starts_on", "code")
    program_ids = access.visible_program_ids(user, *access.STAFF)
    return programs if program_ids is None else programs.filter(pk__in=program_ids)


def audience(proposal, names):
    """The people to tell after a transition: members of the organisation and/or program staff."""
    applicants = "applicants" in names
    staff_roles = tuple(sorted(AUDIENCE_ROLES[name] for name in names if name in AUDIENCE_ROLES))
    ids = [proposal.organisation_id] * applicants + [proposal.call.program_id] * bool(staff_roles)
    if not ids:
        return []
    # One query per kind of audience, compiled once per process: nearly every transition asks it.
    key = (applicants, staff_roles)
    query = _AUDIENCES.get(key) or _AUDIENCES.setdefault(key, Compiled(partial(_audience, *key), len(ids)))
    return query.objects(*ids)


_AUDIENCES = {}


def _audience(applicants, staff_roles, *ids):
    """Members of the organisation ids[0] if `applicants`; holders of `staff_roles` in the program (last id)."""
    # The ids from each side's own index, then the people: joining both tables with an OR and DISTINCT read
    # every person (4.8 against 0.1 ms at 100,000 proposals, and once per submit).
    sides = []
    if applicants:
        sides.append(Membership.objects.filter(organisation_id=ids[0]).values("user_id"))
    if staff_roles:
        sides.append(ProgramRole.objects.filter(program_id=ids[-1], role__in=staff_roles).values("user_id"))
    ids_of_people = sides[0].union(*sides[1:]) if len(sides) > 1 else sides[0]
    return User.objects.filter(pk__any_of=ids_of_people, is_active=True).order_by("email")


def proposal_detail(pk):
    """One proposal with everything the staff page shows, in a fixed number of queries (unscoped: the
    view checks the workflow.view_proposal_as_staff permission on it)."""
    using = router.db_for_read(Proposal)
    found = _DETAIL.objects(pk, using=using)
    if not found:
        return None
    # Its partners, budget lines, other funding, indicators and attachments, read as prefetch_related would
    # read them: proposal.partners.all() then asks nothing more (the conflict check reads the partners too).
    for name, query in _LISTS.items():
        prefetched(found[0], name, query.objects(pk, using=using))
    return found[0]


def _detail(pk):
    # What the actions offered ask about (a shared call's host, a final report accepted): read with the row.
    return (_base().select_related("created_by", "organisation__territory")
            .annotate(shared_call=funders.shared_call(), final_report_is_accepted=agreements.final_report_acceptance())
            .filter(pk=pk))


# Six tables joined and two subqueries: PostgreSQL took longer to plan the row than to read it (3.9 against
# 0.6 ms at 100,000 proposals), and the ORM to compile it. Compiled once, prepared once per session.
_DETAIL = Compiled(_detail)
# Compiled too: each cost the ORM more to build than the database to answer.
_LISTS = {
    "partners": Compiled(lambda pk: Partner.objects.filter(proposal_id=pk)),
    "budget_lines": Compiled(lambda pk: BudgetLine.objects.filter(proposal_id=pk)),
    "cofundings": Compiled(lambda pk: CoFunding.objects.filter(proposal_id=pk)),
    "indicators": Compiled(lambda pk: Indicator.objects.filter(proposal_id=pk)),
    "attachments": Compiled(lambda pk: Attachment.objects.select_related("kind").filter(proposal_id=pk)),
}


def _linked(relation, target, name_fr, name_en, joins, ordering):
    through = relation.through._meta
    table, link = target._meta.db_table, through.get_field(relation.field.m2m_reverse_field_name()).column
    source = through.get_field(relation.field.m2m_field_name()).column
    return (f"SELECT {{index}}, t.{name_fr}, {name_en}, ROW_NUMBER() OVER (ORDER BY {ordering}) "
            f"FROM {through.db_table} l JOIN {table} t ON t.id = l.{link} {joins} WHERE l.{source} = %s")


# The proposal's MRCs, municipalities, local priorities and secondary axes, each in its model's own order
# (Meta.ordering, spelled out: a priority by its plan's code, an axis by its program's order).
LINKED = ("mrcs", "municipalities", "priorities", "secondary_axes")
LINKED_SQL = " UNION ALL ".join(part.format(index=index) for index, part in enumerate((
    _linked(Proposal.mrcs, Territory, "name", "''", "", "t.kind, t.name"),
    _linked(Proposal.municipalities, Territory, "name", "''", "", "t.kind, t.name"),
    _linked(Proposal.priorities, Priority, "text", "''", f"JOIN {LocalPlan._meta.db_table} p ON p.id = t.local_plan_id",
            'p.code, t."order"'),
    _linked(Proposal.secondary_axes, Axis, "name_fr", "t.name_en",
            f"JOIN {Program._meta.db_table} p ON p.id = t.program_id", 'p.starts_on DESC, p.code, t."order", t.code'),
))) + " ORDER BY 1, 4"


def linked_names(proposal):
    """{relation: [names]} of the lists the staff page shows, in one query instead of a prefetch each (the
    name in the reader's language for an axis, as its __str__)."""
    names = {relation: [] for relation in LINKED}
    with connections[router.db_for_read(Proposal, instance=proposal)].cursor() as cursor:
        cursor.execute(LINKED_SQL, [proposal.pk] * len(LINKED))
        for index, french, english, _position in cursor.fetchall():
            names[LINKED[index]].append(in_reader_language(french, english))
    return names
