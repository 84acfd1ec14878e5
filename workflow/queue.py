"""The analyst queue of one program: filters, search, sorting, and the assigned analyst.

The assigned analyst is whoever started the analysis, read from the TransitionLog by a subquery, so the
queue needs no extra column and stays one query for its rows whatever their number.
"""

from django import forms
from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from grants.models import Axis, Call, Proposal, Territory, User
from grants.selectors import staff_proposals
from grants.states import State

from .models import TransitionLog

PAGE_SIZE = 25
SORTS = {
    "reference": "reference", "title": "title", "organisation": "organisation__legal_name",
    "amount": "requested_amount", "state": "state", "submitted": "submitted_at",
    "analyst": "assigned_analyst_name",
}
DEFAULT_SORT = "-submitted"


class QueueFilter(forms.Form):
    call = forms.ModelChoiceField(label=_("Appel"), queryset=Call.objects.none(), required=False,
                                  empty_label=_("Tous les appels"))
    # Drafts are their organisation's own: staff never list them.
    state = forms.ChoiceField(label=_("État"), required=False,
                              choices=[("", _("Tous les états")), *(c for c in State.choices if c[0] != State.DRAFT)])
    mrc = forms.ModelChoiceField(label=_("MRC ciblée"), queryset=Territory.objects.none(), required=False,
                                 empty_label=_("Toutes les MRC"))
    axis = forms.ModelChoiceField(label=_("Axe"), queryset=Axis.objects.none(), required=False,
                                  empty_label=_("Tous les axes"))
    analyst = forms.ModelChoiceField(label=_("Analyste assigné"), queryset=User.objects.none(), required=False,
                                     empty_label=_("Toutes et tous"))
    q = forms.CharField(label=_("Recherche (titre, organisme, numéro de dossier)"), required=False,
                        max_length=200)
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput,
                             choices=[(f"{sign}{key}", key) for key in SORTS for sign in ("", "-")])

    def __init__(self, program, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = Call.objects.filter(program=program)
        self.fields["mrc"].queryset = Territory.objects.filter(kind="mrc", parent_id=program.region_id)
        self.fields["axis"].queryset = Axis.objects.filter(program=program)
        self.fields["analyst"].queryset = User.objects.filter(
            program_roles__program=program, program_roles__role="analyst").order_by("full_name", "email")


def _assigned(**value):
    started = TransitionLog.objects.filter(proposal=OuterRef("pk"), transition="start_analysis")
    return Subquery(started.order_by("-created_at", "-id").values(**value)[:1])


def queue(user, program, filters):
    """The program's proposals the user sees, filtered by a valid QueueFilter's cleaned_data."""
    analyst_name = Coalesce(NullIf("actor__full_name", Value("")), "actor__email", output_field=CharField())
    rows = (staff_proposals(user).filter(call__program=program).prefetch_related("mrcs")
            .annotate(assigned_analyst_id=_assigned(who=F("actor_id")),
                      assigned_analyst_name=_assigned(who=analyst_name)))
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
        rows = rows.filter(assigned_analyst_id=filters["analyst"].pk)
    if filters.get("q"):
        text = filters["q"].strip()
        rows = rows.filter(Q(title__icontains=text) | Q(organisation__legal_name__icontains=text)
                           | Q(reference__icontains=text))
    sort = filters.get("sort") or DEFAULT_SORT
    descending, key = sort.startswith("-"), sort.lstrip("-")
    order = SORTS[key]
    # Empty values (no number, no analyst yet) last, whichever the direction.
    expression = F(order).desc(nulls_last=True) if descending else F(order).asc(nulls_last=True)
    return rows.order_by(expression, "-id")
