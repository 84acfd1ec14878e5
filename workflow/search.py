"""Staff search over the proposals, organisations, partners and reports of the programs a person sees.

PostgreSQL: French full-text search on the proposals' stored, weighted search vector (grants migration
0012: `concerto_french` = unaccent + french stemming; title A, objectives and summaries B, other sections C),
ranked by ts_rank, with ts_headline extracts for the page's rows only; the reports' texts under the same
configuration (their stored vector: accountability migration 0016), latest due first; trigram similarity for
the names of organisations and partners, so a typo still finds them. SQLite (the demo): a plain icontains
fallback.
Visibility is the staff page's (grants.selectors.staff_proposals): drafts never, the board from the decision
stage on, reviewers nothing.
"""

from dataclasses import dataclass
from math import ceil

from django import forms
from django.db import connection, connections, router
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accountability.models import Report
from core import access
from core.fast_forms import ListedModelChoiceField
from core.languages import in_reader_language
from core.sql import table
from grants import planner
from grants.models import Axis, Call, Organisation, Partner, Program, Proposal, Territory
from grants.selectors import staff_proposals
from grants.states import State

from .selectors import staff_programs

LIMIT = 30
CANDIDATES = 300
WINDOWS = (5_000, 25_000, 125_000, None)
RECENT = 1_000  # newest rows, shared out among the programs, read before the index of words (_recent)
MORE = 2_000  # further newest rows read when the first RECENT's matches say they would give CANDIDATES
UNREAD = 2**62  # above every id: a program's first read starts at its newest row
FEW = 2_000  # a filter keeping no more reports than this has them all tested (_few_reports)
QUERY = "websearch_to_tsquery('concerto_french', %s)"
EXTRACT_COLUMNS = "coalesce(objectives, '') || ' ' || coalesce(public_summary, '') || ' ' || coalesce(problem_statement, '')"
REPORT_VECTOR = "grants_report.search_vector"  # stored, with its GIN index (accountability migration 0016)
# Unlikely in a proposal's text: ts_headline's marks, swapped for <mark> once the text is escaped.
START, STOP = "\u2063[", "]\u2063"
PARTNER_SHOWN = ("name", "kind", "proposal__title", "proposal__reference", "proposal__state")
PROPOSAL_FILTERS = ("call", "state", "mrc", "axis", "year")  # SearchForm's filters on the proposals
SHOWN = ("title", "reference", "state", "requested_amount", "submitted_at", "organisation__legal_name",
         "call__title")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), max_length=200)
    program = ListedModelChoiceField(label=_("Programme"), queryset=None, required=False,
                                     empty_label=_("Tous mes programmes"))
    call = ListedModelChoiceField(label=_("Appel"), queryset=None, required=False, empty_label=_("Tous les appels"))
    state = forms.ChoiceField(label=_("État"), required=False,
                              choices=[("", _("Tous les états")), *(c for c in State.choices if c[0] != State.DRAFT)])
    mrc = ListedModelChoiceField(label=_("MRC ciblée"), queryset=None, required=False,
                                 empty_label=_("Toutes les MRC"))
    axis = ListedModelChoiceField(label=_("Axe"), queryset=None, required=False, empty_label=_("Tous les axes"))
    year = forms.IntegerField(label=_("Année de dépôt"), required=False, min_value=2000, max_value=2100)

    def clean_q(self):
        text = self.cleaned_data["q"]
        if connection.vendor == "postgresql" and not _indexable(text):
            raise forms.ValidationError(_("Cette recherche ne contient aucun mot à trouver : ajoutez-en au moins un "
                                          "(par exemple « famille -projet » plutôt que « -projet »)."))
        return text

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programs = staff_programs(user)
        self.fields["program"].queryset = programs
        self.fields["call"].queryset = Call.objects.filter(program__in=programs).order_by("-opens_at")
        self.fields["mrc"].queryset = Territory.objects.filter(
            kind="mrc", parent_id__in=programs.values("region_id")).order_by("name")
        self.fields["axis"].queryset = Axis.objects.filter(program__in=programs)
        for name, options in _options(user).items():
            self.fields[name].listed = options


# The four lists of options in one statement, each in its model's own order (axes by their program's, then
# their own), rather than four, each a server-side cursor on PostgreSQL (declare, fetch, close).
OPTIONS = ("program", "call", "mrc", "axis")
OPTIONS_SQL = (
    "SELECT 0, p.id, p.name_fr, p.name_en, ROW_NUMBER() OVER (ORDER BY p.starts_on DESC, p.code) "
    "FROM {program} p WHERE {programs} UNION ALL "
    "SELECT 1, c.id, c.title, '', ROW_NUMBER() OVER (ORDER BY c.opens_at DESC, c.id) "
    "FROM {call} c JOIN {program} p ON p.id = c.program_id WHERE {programs} UNION ALL "
    "SELECT 2, t.id, t.name, '', ROW_NUMBER() OVER (ORDER BY t.name, t.id) FROM {territory} t "
    "WHERE t.kind = 'mrc' AND t.parent_id IN (SELECT p.region_id FROM {program} p WHERE {programs}) UNION ALL "
    "SELECT 3, a.id, a.name_fr, a.name_en, ROW_NUMBER() OVER (ORDER BY p.starts_on DESC, p.code, a.{order}, a.code) "
    "FROM {axis} a JOIN {program} p ON p.id = a.program_id WHERE {programs} ORDER BY 1, 5")


def _options(user):
    """{field: [(id, label)]} for the form's lists, of the programs the person sees as staff."""
    ids = access.visible_program_ids(user, *access.STAFF)
    ids = None if ids is None else list(ids)
    programs = "1 = 1" if ids is None else f"p.id IN ({', '.join(['%s'] * len(ids))})" if ids else "1 = 0"
    sql = OPTIONS_SQL.format(program=table(Program), call=table(Call), territory=table(Territory),
                             axis=table(Axis), order=connection.ops.quote_name("order"), programs=programs)
    options = {name: [] for name in OPTIONS}
    with connections[router.db_for_read(Call)].cursor() as cursor:
        cursor.execute(sql, (ids or []) * 4)
        for index, pk, french, english, _position in cursor.fetchall():
            options[OPTIONS[index]].append((pk, in_reader_language(french, english)))
    return options


@dataclass(frozen=True)
class Results:
    proposals: list
    organisations: list
    partners: list
    reports: list
    # More proposals match than were ranked: the best of the latest CANDIDATES are shown.
    capped: bool = False


def search(user, filters):
    """The hits of a valid SearchForm's cleaned_data, each kind best first, LIMIT rows each."""
    text = filters["q"].strip()
    visible = _filtered(staff_proposals(user).exclude(state=State.DRAFT).select_related(None)
                        .select_related("call", "organisation"), filters)
    programs = [filters["program"].pk] if filters.get("program") else access.visible_program_ids(user, *access.STAFF)
    whole = _whole_programs(user, filters, programs)
    report_scope = _report_scope(visible, programs, whole)
    reports = _reports(report_scope, text)
    if connection.vendor != "postgresql":
        return Results(_proposals_fallback(visible, text), _organisations_fallback(visible, text),
                       _partners_fallback(visible, text), list(reports[:LIMIT]))
    # The newest rows first; the windows, if any, go on below them (`top`: 0 when every row was read).
    ids, proposals_top = _recent(Proposal, programs, text, None if whole else visible)
    few = None if whole else _few_reports(report_scope, text)
    report_ids, reports_top = (few, 0) if few is not None else _recent(
        Report, programs, text, None if whole else report_scope)
    with _bitmap_scans():
        if len(ids) < CANDIDATES and proposals_top:
            ids += _latest(visible.extra(where=[f"grants_proposal.search_vector @@ {QUERY}"], params=[text]),
                           proposals_top, CANDIDATES - len(ids))
        organisations = _matching_names(Organisation.objects.filter(
            Exists(visible.filter(organisation_id=OuterRef("pk")))), "grants_organisation.legal_name", text)
        partners = _matching_names(Partner.objects.filter(proposal__in=visible.values("pk")),
                                   "grants_partner.name", text)
        if len(report_ids) < CANDIDATES and reports_top:
            report_ids += _latest(reports, reports_top, CANDIDATES - len(report_ids))
    # The shown rows, with the planner's usual means.
    return Results(
        proposals=_proposals_postgres(ids, text),
        organisations=list(Organisation.objects.filter(pk__any_of=organisations).annotate(
            closeness=_closeness("grants_organisation.legal_name", text)).only("legal_name", "neq")
            .order_by("-closeness", "legal_name")[:LIMIT]),
        partners=list(Partner.objects.filter(pk__any_of=partners).select_related("proposal").annotate(
            closeness=_closeness("grants_partner.name", text)).only(*PARTNER_SHOWN)
            .order_by("-closeness", "name", "id")[:LIMIT]),
        # The matched rows by id, the text not matched again (its vector is computed for each row read).
        reports=list(_shown_reports(Report.objects.filter(pk__any_of=report_ids))[:LIMIT]),
        capped=len(ids) >= CANDIDATES,
    )


def _indexable(text):
    """Whether the index of words can find the query's matches. A query that only excludes words ("-projet"),
    or offers an excluded word as an alternative ("projet or -famille"), matches by what a text lacks: the
    index would be read whole, window after window (0.4 s at 100,000 proposals), for rows nobody looks for."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT querytree({QUERY}) <> 'T'", [text])
        return cursor.fetchone()[0]


def _filtered(rows, filters):
    if filters.get("program"):
        rows = rows.filter(program=filters["program"])
    if filters.get("call"):
        rows = rows.filter(call=filters["call"])
    if filters.get("state"):
        rows = rows.filter(state=filters["state"])
    if filters.get("mrc"):
        rows = rows.filter(Exists(Proposal.mrcs.through.objects.filter(
            proposal_id=OuterRef("pk"), territory_id=filters["mrc"].pk)))
    if filters.get("axis"):
        rows = rows.filter(Q(primary_axis=filters["axis"]) | Exists(Proposal.secondary_axes.through.objects.filter(
            proposal_id=OuterRef("pk"), axis_id=filters["axis"].pk)))
    if filters.get("year"):
        rows = rows.filter(submitted_at__year=filters["year"])
    return rows


def _proposals_postgres(ids, text):
    found = list(Proposal.objects.filter(pk__any_of=ids).select_related("call", "organisation").annotate(
        rank=RawSQL(f"ts_rank(grants_proposal.search_vector, {QUERY})", [text])).only(*SHOWN)
        .order_by("-rank", "-id")[:LIMIT])
    if found:
        # The extracts of the shown rows only: ts_headline reads the whole text.
        options = f"MaxFragments=2, MaxWords=25, MinWords=8, StartSel={START}, StopSel={STOP}"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, ts_headline('concerto_french', {EXTRACT_COLUMNS}, {QUERY}, %s) "
                           "FROM grants_proposal WHERE id = ANY(%s)", [text, options, [row.pk for row in found]])
            extracts = dict(cursor.fetchall())
        for row in found:
            row.extract = _highlighted(extracts.get(row.pk, ""))
    return found


def _latest(matching, top, wanted=None):
    """The ids of the `wanted` (CANDIDATES) latest matching rows up to id `top`, the ones ranked. Ranking every
    match would read every match (a common word is in a third of 100,000 proposals: seconds); the latest come
    from the text index ANDed with a range of the primary key, widened from the latest WINDOWS ids until
    enough are found, so that a search reads a bounded number of rows whatever it looks for.
    When the planner expects fewer matches in all than are wanted, it does not cut the index's entries by the
    range: each window read them all ("famille -projet", in no proposal of 100,000: four windows of 9 ms to
    find nothing). The last, unbounded one is then read alone."""
    wanted = wanted or CANDIDATES
    matching = matching.order_by("-pk").values_list("pk", flat=True)
    ids, below = [], top
    for width in (None,) if planner.expected_rows(matching) < wanted else WINDOWS:
        rows = matching.filter(pk__lte=below)
        ids += (rows if width is None else rows.filter(pk__gt=top - width))[:wanted - len(ids)]
        if len(ids) >= wanted or width is None:
            return ids
        below = top - width


def _bitmap_scans():
    """grants.planner's text matching settings. Names: a trigram similarity of 0.5 rather than 0.3 still
    forgives a typo ("Centre comunautaire" is 0.71 from "Centre communautaire 123") but no longer sends
    thousands of names sharing one word to be tested."""
    return planner.local_settings({**planner.TEXT_MATCHING, "pg_trgm.similarity_threshold": "0.5",
                                   # A common word's estimates pass JIT's threshold: compiling cost more (up to
                                   # a second) than the bounded reads it would speed up.
                                   "jit": "off"})


def _highlighted(headline):
    return mark_safe(escape(headline).replace(escape(START), "<mark>").replace(escape(STOP), "</mark>"))


def _proposals_fallback(visible, text):
    query = Q()
    for word in text.split()[:8]:
        query &= (Q(title__icontains=word) | Q(objectives__icontains=word) | Q(public_summary__icontains=word)
                  | Q(problem_statement__icontains=word) | Q(reference__icontains=word))
    found = list(visible.filter(query).only(*SHOWN, "objectives").order_by("-id")[:LIMIT])
    for row in found:
        row.extract = (row.objectives or "")[:240]
    return found


def _organisations_fallback(visible, text):
    rows = Organisation.objects.filter(Exists(visible.filter(organisation_id=OuterRef("pk"))))
    return list(rows.filter(legal_name__icontains=text).only("legal_name", "neq").order_by("legal_name")[:LIMIT])


def _partners_fallback(visible, text):
    return list(Partner.objects.filter(proposal__in=visible.values("pk"), name__icontains=text)
                .select_related("proposal").only(*PARTNER_SHOWN).order_by("name", "id")[:LIMIT])


# Names: the trigram indexes (organisations: migration 0009, partners: 0012) serve both the part of a name
# and the typo. The planner counts 20 rows for a trigram match whatever it is, so no range of ids would be
# ANDed: at most CANDIDATES matches are read, then ordered by closeness.
def _matching_names(rows, column, text):
    return list(rows.extra(where=[f"(UPPER({column}::text) LIKE UPPER(%s) OR UPPER({column}::text) %% UPPER(%s))"],
                           params=[f"%{_like(text)}%", text]).order_by().values_list("pk", flat=True)[:CANDIDATES])


def _closeness(column, text):
    return RawSQL(f"similarity(UPPER({column}::text), UPPER(%s))", [text])


def _like(text):
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _whole_programs(user, filters, programs):
    """Whether the person sees every filed proposal and every report of the programs (a report's proposal is
    never a draft): in programs they analyse or manage, with no filter on the proposals. The board sees a
    program's proposals from the decision stage on: its rows are checked against what it sees."""
    return (not any(filters.get(name) for name in PROPOSAL_FILTERS)
            and (access.is_admin(user) or set(programs) <= set(access.program_ids_with_role(user, *access.ANALYSIS))))


def _report_scope(visible, programs, whole):
    """The reports of the visible proposals; of whole programs read by the report's own program column, each
    window of the search from its (program, id) index, no join."""
    rows = Report.objects.all() if whole else Report.objects.filter(agreement__proposal__in=visible.values("pk"))
    return rows if programs is None else rows.filter(program_id__in=programs)


def _few_reports(scope, text):
    """A filter on the proposals may keep few reports, or none ("submitted" proposals have none yet): when it
    keeps no more than FEW, they are read through their proposals and their stored vectors tested, rather than
    the index of words listing, window after window, every report holding a common word (four windows of 20 ms
    for "projet"). The matching ids newest first; None when the filter keeps more."""
    sql, params = scope.order_by().values("pk")[:FEW + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT array_agg(id) FROM ({sql}) AS kept(id)", params)
        kept = cursor.fetchone()[0] or []
        if len(kept) > FEW:
            return None
        cursor.execute(f"SELECT id FROM {table(Report)} WHERE id = ANY(%s) AND search_vector @@ {QUERY} "
                       "ORDER BY id DESC LIMIT %s", [kept, text, CANDIDATES])
        return [pk for pk, in cursor.fetchall()]


def _recent(model, programs, text, scope=None):
    """A word in most texts ("projet": three reports in four) is found among the programs' RECENT newest filed
    proposals or reports (shared out among the programs), read from their (program, id) index, their stored
    vectors tested: the index of words would first list every row holding it (714,000 reports of 960,000:
    70 ms) before a window could be cut from them. Of the matches, those of `scope` (the visible rows, when the
    person does not see every row of the programs or filters the proposals) are kept, checked by id. When the
    matches kept are too few but frequent enough that at most MORE further rows would give CANDIDATES, those
    are read too, each program going on below its oldest row read ("projet" among funded files: one report in
    five, where a window of the index of words cost 22 ms).
    Returns the matching ids newest first, and the id at and below which some program's rows were not all read
    (0: all were), where the windows go on."""
    each = RECENT if programs is None else max(RECENT // max(len(programs), 1), 1)
    starts = {None: UNREAD} if programs is None else dict.fromkeys(programs, UNREAD)
    hits, read, below = [], 0, 0
    for _second in (False, True):
        rows = _newest(model, starts, text, each)
        hits += _in_scope(scope, [pk for *_, matching in rows for pk in matching or ()])
        read += sum(count for _program, count, *_ in rows)
        starts = {program: oldest for program, count, oldest, *_ in rows if count == each}
        below = max(starts.values(), default=0)
        wanted = CANDIDATES - sum(pk > below for pk in hits)
        needed = wanted * read / len(hits) if hits else 0  # rows, at the rate the matches were met
        if _second or wanted <= 0 or not starts or not hits or needed > MORE:
            break
        each = ceil(min(needed * 1.5, MORE) / len(starts))  # half again: the rate is that of a sample
    return sorted((pk for pk in hits if pk > below), reverse=True)[:CANDIDATES], below


def _newest(model, starts, text, each):
    """(program, rows read, oldest id read, matching ids) of the `each` newest filed rows of each program below
    its start (program None: all programs)."""
    filed = f"state <> '{State.DRAFT}'" if model is Proposal else "TRUE"  # the drafts' own index leaves them out
    newest = ("SELECT count(*), min(id), array_agg(id ORDER BY id DESC) FILTER (WHERE hit) FROM (SELECT "
              f"id, search_vector @@ {QUERY} AS hit FROM {table(model)} WHERE {filed} AND id < {{}} {{}} "
              "ORDER BY id DESC LIMIT %s) newest")
    with connection.cursor() as cursor:
        if None in starts:
            cursor.execute("SELECT NULL, newest.* FROM (" + newest.format("%s", "") + ") newest",
                           [text, starts[None], each])
        else:
            cursor.execute("SELECT program.id, program_newest.* FROM unnest(%s::bigint[], %s::bigint[]) AS "
                           "program(id, start), LATERAL (" + newest.format("program.start", "AND program_id = program.id")
                           + ") program_newest", [list(starts), list(starts.values()), text, each])
        return cursor.fetchall()


def _in_scope(scope, hits):
    """The hits `scope` keeps (all of them when None), checked by id."""
    if scope is None or not hits:
        return hits
    # At most RECENT rows, each followed by its keys (report, agreement, proposal): at the default cost of a
    # random read the planner hashed every agreement of the table instead (12 ms at 48,000; 2 ms this way).
    with planner.local_settings({"random_page_cost": "1.1"}):
        return list(scope.filter(pk__any_of=hits).order_by().values_list("pk", flat=True))


def _reports(rows, text):
    if connection.vendor == "postgresql":
        rows = rows.extra(where=[f"{REPORT_VECTOR} @@ {QUERY}"], params=[text])
    else:
        rows = rows.filter(Q(narrative__icontains=text) | Q(objectives_progress__icontains=text))
    return _shown_reports(rows)


def _shown_reports(rows):
    return (rows.select_related("agreement__proposal").only(
                "kind", "order", "due_on", "state", "agreement__proposal__title", "agreement__proposal__reference",
                "agreement__proposal__state").order_by("-due_on", "-id"))
