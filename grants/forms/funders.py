"""The funders of a shared call on the budget step: how much the application asks from each (grants.funders).

Every amount is optional here: a draft is saved half done; completeness says what is missing (the host
asked, the amounts adding up to the budget's request, each within its funder's maximum).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.money import AmountField, format_money
from grants import funders

PREFIX = "funder_"
AXIS_PREFIX = "funder_axis_"


class FundersForm(forms.Form):
    def __init__(self, data=None, *, proposal):
        super().__init__(data)
        self.calls = funders.funder_calls(proposal.call)
        asked = funders.requests(proposal)
        for index, call in enumerate(self.calls):
            hint = _("Bailleur principal de l'appel : il reçoit chaque demande.") if index == 0 else _(
                "Facultatif : laissez vide pour ne pas solliciter ce bailleur.")
            field = AmountField(label=_("Montant demandé à %(funder)s ($)") % {"funder": call.program.name},
                                required=False, min_value=0, max_digits=12, decimal_places=2,
                                help_text=_("%(hint)s Maximum : %(maximum)s.") % {
                                    "hint": hint, "maximum": format_money(call.max_amount)})
            request = asked.get(call.pk)
            field.initial = request.amount if request else None
            self.fields[f"{PREFIX}{call.pk}"] = field
            if index:
                # The host's axis is the form's own (step "axes"); each co-funder files under its plan's axes.
                axis = forms.ModelChoiceField(
                    label=_("Axe principal du plan de %(funder)s") % {"funder": call.program.name}, required=False,
                    queryset=call.program.axes.order_by("order"), empty_label=_("— À choisir si vous sollicitez "
                                                                                "ce bailleur —"))
                axis.initial = request.primary_axis_id if request else None
                self.fields[f"{AXIS_PREFIX}{call.pk}"] = axis

    def __bool__(self):
        return bool(self.calls)

    def amounts(self):
        """{call id: amount or None} for grants.services.proposals.save_step."""
        return {call.pk: self.cleaned_data.get(f"{PREFIX}{call.pk}") for call in self.calls}

    def axes(self):
        """{call id: axis id or None} of the co-funders."""
        return {call.pk: getattr(self.cleaned_data.get(f"{AXIS_PREFIX}{call.pk}"), "pk", None)
                for call in self.calls[1:]}
