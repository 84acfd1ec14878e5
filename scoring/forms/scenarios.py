"""The scenario form: its settings, and a floor and a ceiling for each MRC and each axis of the program."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grants.models import Axis, Territory

from ..models import Scenario, ScenarioConstraint
from ..services.scenarios import LimitInput


def _amount(label):
    # localize: "12345,67" is how amounts are typed in French.
    return forms.DecimalField(label=label, required=False, min_value=0, max_digits=12, decimal_places=2,
                              localize=True)


class ScenarioForm(forms.ModelForm):
    class Meta:
        model = Scenario
        fields = ["name", "envelope", "objective", "method", "allow_partial", "min_share"]
        widgets = {"objective": forms.RadioSelect, "method": forms.RadioSelect}
        localized_fields = ["envelope", "min_share"]

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        # The region's MRCs, and any other MRC a proposal of the call targets.
        self.mrcs = list(Territory.objects.filter(kind=Territory.Kind.MRC).filter(
            Q(parent_id=call.program.region_id) | Q(pk__in=call.proposals.values("mrcs"))).distinct()
            .order_by("name"))
        self.axes = list(Axis.objects.filter(program_id=call.program_id).order_by("order", "code"))
        self.limit_rows = []
        for dimension, targets in ((ScenarioConstraint.Dimension.MRC, self.mrcs),
                                   (ScenarioConstraint.Dimension.AXIS, self.axes)):
            for target in targets:
                prefix = f"{dimension}_{target.pk}"
                self.fields[f"{prefix}_floor"] = _amount(_("Plancher pour %(name)s ($)") % {"name": target.name})
                self.fields[f"{prefix}_ceiling"] = _amount(_("Plafond pour %(name)s ($)") % {"name": target.name})
                self.limit_rows.append((dimension, target, self[f"{prefix}_floor"], self[f"{prefix}_ceiling"]))

    def clean(self):
        cleaned = super().clean()
        for _dimension, target, floor, ceiling in self.limit_rows:
            low, high = cleaned.get(floor.name), cleaned.get(ceiling.name)
            if low is not None and high is not None and low > high:
                self.add_error(floor.name, _("Le plancher dépasse le plafond pour %(name)s.") % {"name": target.name})
        return cleaned

    def limits(self):
        return [LimitInput(dimension, target.pk, self.cleaned_data.get(floor.name),
                           self.cleaned_data.get(ceiling.name))
                for dimension, target, floor, ceiling in self.limit_rows]

    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    def scenario_values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CompareForm(forms.Form):
    ids = forms.ModelMultipleChoiceField(queryset=Scenario.objects.none(), label=_("Scénarios à comparer"),
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].queryset = Scenario.objects.filter(call=call)

    def clean_ids(self):
        chosen = self.cleaned_data["ids"]
        if len(chosen) < 2:
            raise forms.ValidationError(_("Choisissez au moins deux scénarios."))
        return chosen
