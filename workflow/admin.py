"""Proposals in the Django admin: the state is read-only; changes of state go through the service."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from accountability import totals
from accountability.models import Agreement
from core.admin import LargeTable, ReadOnlyInline, values_filter
from grants.models import Attachment, BudgetLine, Call, CoFunding, FunderRequest, Indicator, Partner, Proposal
from scoring import figures

from . import services
from .errors import TransitionRefused
from .machine import TRANSITIONS
from .models import TransitionLog


class TransitionLogInline(ReadOnlyInline):
    model = TransitionLog
    fields = ["created_at", "actor", "transition", "from_state", "to_state", "comment", "data"]
    readonly_fields = fields
    ordering = ["-created_at"]


def _inline(model, field_names):
    return type(f"{model.__name__}Inline", (ReadOnlyInline,),
                {"model": model, "fk_name": "proposal", "fields": field_names, "readonly_fields": field_names})


def _transition_action(spec):
    """An admin action performing one transition on each selected proposal, reporting each refusal."""

    def run(modeladmin, request, queryset):
        done = 0
        for proposal in queryset.select_related("call__program", "organisation"):
            try:
                services.transition(proposal, spec.name, request.user)
            except TransitionRefused as refusal:
                modeladmin.message_user(request, f"{proposal} : {refusal.message}", messages.ERROR)
            else:
                done += 1
        if done:
            modeladmin.message_user(request, _("« %(action)s » effectué pour %(count)d demande(s).") % {
                "action": spec.label, "count": done}, messages.SUCCESS)

    run.__name__ = f"transition_{spec.name}"
    return admin.action(description=spec.label)(run)


# Transitions needing a comment or values (amounts, decision details) are done from the staff page.
SIMPLE_TRANSITIONS = [spec for spec in TRANSITIONS if not spec.comment_required and not spec.inputs]


@admin.register(Proposal)
class ProposalAdmin(LargeTable, admin.ModelAdmin):
    list_display = ["title", "reference", "organisation", "call", "state", "requested_amount", "submitted_at"]
    list_filter = ["state", "call__program", "call"]
    # Each read on its own trigram index (the organisation's name: the proposal's copy).
    search_fields = ["title", "reference", "organisation_name"]
    list_select_related = ["organisation", "call"]
    readonly_fields = ["state", "reference", "application", "submitted_at", "requested_amount", "suggested_amount",
                       "amount_granted", "version", "created_at", "updated_at"]
    raw_id_fields = ["call", "organisation", "created_by", "primary_axis"]
    inlines = [
        _inline(FunderRequest, ["call", "amount"]),
        _inline(BudgetLine, ["category", "description", "total_amount", "fund_amount"]),
        _inline(CoFunding, ["source", "amount", "status"]),
        _inline(Partner, ["name", "kind", "role", "cash_contribution", "in_kind_contribution"]),
        _inline(Indicator, ["label", "target", "unit"]),
        _inline(Attachment, ["kind", "original_name", "size", "uploaded_at"]),
        TransitionLogInline,
    ]
    actions = [_transition_action(spec) for spec in SIMPLE_TRANSITIONS]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and "call" in form.changed_data:
            # Its review figures carry its call, which the ranking reads them by: they follow it. Both calls'
            # stored z-scores no longer match (scoring.zscores): the sweep stores them again.
            figures.refresh(form.instance)
        # What a funded project counts under in its program's results, kept by the services (accountability.totals),
        # changed here: the programs concerned are recomputed.
        if change and {"primary_axis", "mrcs", "call"} & set(form.changed_data) and Agreement.objects.filter(
                proposal=form.instance).exists():
            calls = {form.initial.get("call"), form.instance.call_id}
            totals.rebuild(set(Call.objects.filter(pk__in=calls).values_list("program", flat=True)))


@admin.register(TransitionLog)
class TransitionLogAdmin(LargeTable, admin.ModelAdmin):
    list_display = ["created_at", "proposal", "transition", "from_state", "to_state", "actor"]
    list_filter = [values_filter("transition", _("action"),
                                 lambda: [(spec.name, spec.label) for spec in TRANSITIONS]),
                   "to_state", "created_at"]
    # Not the comments: no index serves a word inside them (366,000 rows read at 100,000 proposals).
    search_fields = ["proposal__title", "proposal__reference"]
    list_select_related = ["proposal", "actor"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
