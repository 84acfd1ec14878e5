"""The analyst queue of one program: filters, search, sorting, the assigned analyst, keyset pages.

Each sort reads an index of the program's proposals (grants.Proposal.Meta.indexes) from the page's
position on (core.keyset): no OFFSET, no COUNT, whatever the depth. The assigned analyst, their name and
the organisation's name are columns of the proposal (set by the start_analysis transition and at creation,
followed by a change of name), never looked up per row. Only the columns the table shows are read: never
the long texts of the application.
"""

from datetime import timedelta

from django import forms
from django.db import connection, connections, router
from django.db.models import CharField, DecimalField, Exists, Max, OuterRef, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import keyset
from core.fast_forms import ListedModelChoiceField
from core.languages import in_reader_language
from core.sql import table
from grants.models import Axis, Call, ProgramRole, Proposal, ProposalTag, Tag, Territory, User
from grants.selectors import program_staff_proposals
from grants.states import State

PAGE_SIZE = 25
# Sort key: (value, parser of a cursor's value, may be empty). Empty values (not dated, no analyst yet)
# come last whichever the direction.
SORTS = {
    "reference": ("reference", CharField(), False), "title": ("title", CharField(), False),
    "organisation": ("organisation_name", CharField(), False),
    "amount": ("requested_amount", DecimalField(max_digits=12, decimal_places=2), False),
    "state": ("state", CharField(), False),
    "submitted": ("submitted_at", Proposal._meta.get_field("submitted_at"), True),
    "analyst": ("assigned_analyst_name", CharField(), True),
}
DEFAULT_SORT = "-submitted"
SHOWN = ("reference", "title", "state", "requested_amount", "submitted_at", "call__title",
         "organisation__legal_name", "organisation__verified_at", "assigned_analyst_name")


class QueueFilter(forms.Form):
    call = ListedModelChoiceField(label=_("Appel"), queryset=Call.objects.none(), required=False,
                                  empty_label=_("Tous les appels"))
    # Drafts are their organisation's own: staff never list them.
    state = forms.ChoiceField(label=_("État"), required=False,
                              choices=[("", _("Tous les états")), *(c for c in State.choices if c[0] != State.DRAFT)])
    mrc = ListedModelChoiceField(label=_("MRC ciblée"), queryset=Territory.objects.none(), required=False,
                                 empty_label=_("Toutes les MRC"))
    axis = ListedModelChoiceField(label=_("Axe"), queryset=Axis.objects.none(), required=False,
                                  empty_label=_("Tous les axes"))
    analyst = ListedModelChoiceField(label=_("Analyste assigné"), queryset=User.objects.none(), required=False,
                                     empty_label=_("Toutes et tous"))
    q = forms.CharField(label=_("Recherche (titre, organisme, numéro de dossier)"), required=False,
                        max_length=200)
    tag = ListedModelChoiceField(label=_("Étiquette"), queryset=Tag.objects.none(), required=False,
                                 empty_label=_("Toutes les étiquettes"))
    # No transition for this long: in its current state for more than these days (e.g. waiting for the
    # organisation's answer to a change request).
    idle = forms.IntegerField(label=_("Sans changement d'état depuis plus de (jours)"), required=False,
                              min_value=1, max_value=3650)
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput,
                             choices=[(f"{sign}{key}", key) for key in SORTS for sign in ("", "-")])

    def __init__(self, program, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the options show (their labels); the filters use the chosen row's primary key.
        self.fields["call"].queryset = Call.objects.filter(program=program).only("title")
        self.fields["mrc"].queryset = Territory.objects.filter(kind="mrc", parent_id=program.region_id).only("name")
        self.fields["axis"].queryset = Axis.objects.filter(program=program)
        analysts = User.objects.filter(program_roles__program=program, program_roles__role="analyst")
        self.fields["analyst"].queryset = analysts.order_by("full_name", "email").only("full_name", "email")
        self.fields["tag"].queryset = Tag.objects.filter(program=program).only("name")
        for name, options in _options(program).items():
            self.fields[name].listed = options


# The five lists of options in one statement (each in its model's own order, the analysts by name), not five.
OPTIONS = ("call", "mrc", "axis", "analyst", "tag")
OPTIONS_SQL = " UNION ALL ".join(part.format(index=index) for index, part in enumerate((
    f"SELECT {{index}}, c.id, c.title, '', ROW_NUMBER() OVER (ORDER BY c.opens_at DESC) FROM {table(Call)} c "
    "WHERE c.program_id = %s",
    f"SELECT {{index}}, t.id, t.name, '', ROW_NUMBER() OVER (ORDER BY t.name) FROM {table(Territory)} t "
    "WHERE t.kind = 'mrc' AND t.parent_id = %s",
    f"SELECT {{index}}, a.id, a.name_fr, a.name_en, ROW_NUMBER() OVER (ORDER BY a.{connection.ops.quote_name('order')}, "
    f"a.code) FROM {table(Axis)} a WHERE a.program_id = %s",
    # A User's label (__str__): the name, or the address without one.
    "SELECT {index}, u.id, CASE WHEN u.full_name = '' THEN u.email ELSE u.full_name END, '', "
    f"ROW_NUMBER() OVER (ORDER BY u.full_name, u.email) FROM {table(User)} u "
    f"JOIN {table(ProgramRole)} r ON r.user_id = u.id WHERE r.program_id = %s AND r.role = 'analyst'",
    f"SELECT {{index}}, g.id, g.name, '', ROW_NUMBER() OVER (ORDER BY g.name, g.id) FROM {table(Tag)} g "
    "WHERE g.program_id = %s",
))) + " ORDER BY 1, 5"


def _options(program):
    """{field: [(id, label)]} for the filters' lists; an axis named in the reader's language, as its __str__."""
    options = {name: [] for name in OPTIONS}
    params = [program.pk, program.region_id, program.pk, program.pk, program.pk]
    with connections[router.db_for_read(Call)].cursor() as cursor:
        cursor.execute(OPTIONS_SQL, params)
        for index, pk, french, english, _position in cursor.fetchall():
            options[OPTIONS[index]].append((pk, in_reader_language(french, english)))
    return options


def queue(user, program, filters, *, after="", before=""):
    """One keyset page (core.keyset.Page) of the program's proposals the user sees, filtered by a valid
    QueueFilter's cleaned_data, after or before a cursor of the previous page."""
    rows = matching(user, program, filters).select_related("call", "organisation").only(*SHOWN)
    sort = order(filters.get("sort") or DEFAULT_SORT, idle=filters.get("idle"), kept=rows)
    page = keyset.page(rows, sort, after=after, before=before, size=PAGE_SIZE)
    _attach_lists(page.rows)
    return page


def _list_sql(count):
    """The MRCs and the tags of `count` proposals, each in its model's own order (a proposal's tags are of
    one program: by name, then id)."""
    ids = ", ".join(["%s"] * count)
    return (f"SELECT 0, l.proposal_id, t.name, ROW_NUMBER() OVER (PARTITION BY l.proposal_id ORDER BY t.kind, t.name) "
            f"FROM {table(Proposal.mrcs.through)} l JOIN {table(Territory)} t ON t.id = l.territory_id "
            f"WHERE l.proposal_id IN ({ids}) UNION ALL "
            f"SELECT 1, l.proposal_id, g.name, ROW_NUMBER() OVER (PARTITION BY l.proposal_id ORDER BY g.name, g.id) "
            f"FROM {table(ProposalTag)} l JOIN {table(Tag)} g ON g.id = l.tag_id WHERE l.proposal_id IN ({ids}) "
            "ORDER BY 1, 2, 4")


def _attach_lists(rows):
    """Each row's MRC names (mrc_list) and tag names (tag_list), lists of text, read in one statement for
    the whole page instead of a prefetch each."""
    by_pk = {row.pk: row for row in rows}
    for row in rows:
        row.mrc_list, row.tag_list = [], []
    if not rows:
        return
    with connections[router.db_for_read(Proposal)].cursor() as cursor:
        cursor.execute(_list_sql(len(by_pk)), [*by_pk, *by_pk])
        for kind, pk, name, _position in cursor.fetchall():
            (by_pk[pk].tag_list if kind else by_pk[pk].mrc_list).append(name)


def matching(user, program, filters):
    """Every proposal of the program the user sees that the filters keep (unordered, unpaginated): the
    queue's pages, and the selection "all matching the filters" of bulk work (workflow.bulk)."""
    rows = program_staff_proposals(user, program.pk)
    if filters.get("state"):
        rows = rows.filter(state=filters["state"])
    if filters.get("call"):
        rows = rows.filter(call=filters["call"])
    if filters.get("mrc"):
        rows = rows.filter(Exists(Proposal.mrcs.through.objects.filter(
            proposal_id=OuterRef("pk"), territory_id=filters["mrc"].pk)))
    if filters.get("axis"):
        secondary = Proposal.secondary_axes.through.objects.filter(proposal_id=OuterRef("pk"),
                                                                   axis_id=filters["axis"].pk)
        rows = rows.filter(Q(primary_axis=filters["axis"]) | Exists(secondary))
    if filters.get("analyst"):
        rows = rows.filter(assigned_analyst=filters["analyst"])
    if filters.get("q"):
        text = filters["q"].strip()
        # The proposal's own columns, the organisation's name its copy: the planner either reads the three
        # trigram indexes (grants migrations 0009, 0030) for a rare text, or the sort's index, keeping the rows
        # that match, for a common one. (Through the organisations, a union of every match of the table was
        # built first: 0.24 s for a word in every title.)
        rows = rows.filter(Q(title__icontains=text) | Q(reference__icontains=text)
                           | Q(organisation_name__icontains=text))
    if filters.get("tag"):
        rows = rows.filter(Exists(ProposalTag.objects.filter(proposal_id=OuterRef("pk"), tag_id=filters["tag"].pk)))
    if filters.get("idle"):
        # In its state since before then (index proposal_queue_idle_idx): no transition since.
        rows = rows.filter(state_changed_at__lt=idle_since(filters["idle"]))
    return rows


def idle_since(days):
    """The "no change for `days` days" filter's date (a later reading only widens a bound taken from it)."""
    return timezone.now() - timedelta(days=days)


def order(sort, *, idle=None, kept=None):
    value, output_field, nullable = SORTS[sort.lstrip("-")]
    below = None
    if idle and value == "submitted_at":
        # Filed before it came to its state (every filing sets submitted_at before its log's time): a proposal
        # idle since a date was filed before it. Newest first, the page then starts at that date, not
        # after the thousands of newer files the idle filter drops (0.14 s at 80,000 proposals).
        below = idle_since(idle)
    elif idle and value == "reference" and sort.startswith("-") and kept is not None:
        # Numbers follow the filings, but no number follows from a date: the largest number of the idle files
        # (read from proposal_queue_idle_idx, which holds it) starts the page, rather than after every newer
        # file (31,000 rows read for a page at 80,000 proposals: 70 ms). None idle: no number is at or below "".
        # The number as an expression: a bare MAX walks the numbers' index from the top, as the page did.
        below = kept.aggregate(top=Max(Concat("reference", Value(""))))["top"] or ""
    return keyset.Order(value, output_field, descending=sort.startswith("-"), nullable=nullable, below=below)
