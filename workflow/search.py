"""Staff search over the proposals, organisations, partners and reports of the programs a person sees.

PostgreSQL: French full-text search on the proposals' stored, weighted search vector (grants migration
0012: `concerto_french` = unaccent + french stemming; title A, objectives and summaries B, other sections C),
ranked by ts_rank, with ts_headline extracts for the page's rows only; trigram similarity for the names of
organisations and partners, so a typo still finds them. SQLite (the demo): a plain icontains fallback.
Visibility is the staff page's (grants.selectors.staff_proposals): drafts never, the board from the decision
stage on, reviewers nothing.
"""

from dataclasses import dataclass

from django import forms
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accountability.models import Report
from grants.models import Axis, Call, Organisation, Partner, Proposal, Territory
from grants.selectors import staff_proposals
from grants.states import State

from .selectors import staff_programs

LIMIT = 30
QUERY = "websearch_to_tsquery('concerto_french', %s)"
EXTRACT_COLUMNS = "coalesce(objectives, '') || ' ' || coalesce(public_summary, '') || ' ' || coalesce(problem_statement, '')"
# Unlikely in a proposal's text: ts_headline's marks, swapped for <mark> once the text is escaped.
START, STOP = "\u2063[", "]\u2063"
SHOWN = ("title", "reference", "state", "requested_amount", "submitted_at", "organisation__legal_name",
         "call__title")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), max_length=200)
    program = forms.ModelChoiceField(label=_("Programme"), queryset=None, required=False,
                                     empty_label=_("Tous mes programmes"))
    call = forms.ModelChoiceField(label=_("Appel"), queryset=None, required=False, empty_label=_("Tous les appels"))
    state = forms.ChoiceField(label=_("État"), required=False,
                              choices=[("", _("Tous les états")), *(c for c in State.choices if c[0] != State.DRAFT)])
    mrc = forms.ModelChoiceField(label=_("MRC ciblée"), queryset=None, required=False, empty_label=_("Toutes les MRC"))
    axis = forms.ModelChoiceField(label=_("Axe"), queryset=None, required=False, empty_label=_("Tous les axes"))
    year = forms.IntegerField(label=_("Année de dépôt"), required=False, min_value=2000, max_value=2100)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programs = staff_programs(user)
        self.fields["program"].queryset = programs
        self.fields["call"].queryset = Call.objects.filter(program__in=programs).order_by("-opens_at")
        self.fields["mrc"].queryset = Territory.objects.filter(
            kind="mrc", parent_id__in=programs.values("region_id")).order_by("name")
        self.fields["axis"].queryset = Axis.objects.filter(program__in=programs).select_related("program")


@dataclass(frozen=True)
class Results:
    proposals: list
    organisations: list
    partners: list
    reports: list


def search(user, filters):
    """The hits of a valid SearchForm's cleaned_data, each kind best first, LIMIT rows each."""
    text = filters["q"].strip()
    visible = _filtered(staff_proposals(user).exclude(state=State.DRAFT).select_related(None)
                        .select_related("call", "organisation"), filters)
    postgres = connection.vendor == "postgresql"
    return Results(
        proposals=(_proposals_postgres if postgres else _proposals_fallback)(visible, text),
        organisations=_organisations(visible, text, postgres),
        partners=_partners(visible, text, postgres),
        reports=_reports(visible, text),
    )


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


def _proposals_postgres(visible, text):
    found = list(visible.annotate(rank=RawSQL(f"ts_rank(grants_proposal.search_vector, {QUERY})", [text]))
                 .extra(where=[f"grants_proposal.search_vector @@ {QUERY}"], params=[text])
                 .only(*SHOWN).order_by("-rank", "-id")[:LIMIT])
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


def _organisations(visible, text, postgres):
    rows = Organisation.objects.filter(Exists(visible.filter(organisation_id=OuterRef("pk"))))
    if postgres:
        rows = rows.filter(Q(legal_name__icontains=text) | Q(pk__in=RawSQL(
            "SELECT id FROM grants_organisation WHERE UPPER(legal_name::text) %% UPPER(%s)", [text])))
        rows = rows.annotate(closeness=RawSQL("similarity(UPPER(grants_organisation.legal_name), UPPER(%s))",
                                              [text])).order_by("-closeness", "legal_name")
    else:
        rows = rows.filter(legal_name__icontains=text).order_by("legal_name")
    return list(rows.only("legal_name", "neq")[:LIMIT])


def _partners(visible, text, postgres):
    rows = Partner.objects.filter(proposal__in=visible.values("pk"))
    if postgres:
        rows = rows.filter(Q(name__icontains=text) | Q(pk__in=RawSQL(
            "SELECT id FROM grants_partner WHERE UPPER(name::text) %% UPPER(%s)", [text])))
    else:
        rows = rows.filter(name__icontains=text)
    return list(rows.select_related("proposal").only("name", "kind", "proposal__title", "proposal__reference")
                .order_by("name", "id")[:LIMIT])


def _reports(visible, text):
    rows = Report.objects.filter(agreement__proposal__in=visible.values("pk")).filter(
        Q(narrative__icontains=text) | Q(objectives_progress__icontains=text))
    return list(rows.select_related("agreement__proposal").only(
        "kind", "order", "due_on", "state", "agreement__proposal__title", "agreement__proposal__reference")
        .order_by("-due_on", "-id")[:LIMIT])
