"""Formsets for the repeated parts of a proposal: partners, budget lines, co-funding, indicators."""

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.money import format_money
from grants.models import BudgetLine, CoFunding, Indicator, Partner, Proposal
from grants.services.proposals import budget_over_maximum


class LineForm(forms.ModelForm):
    money_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.money_fields:
            self.fields[name].validators.append(MinValueValidator(Decimal("0")))
            self.fields[name].widget.attrs.update({"min": "0", "step": "0.01", "inputmode": "decimal"})
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 2


class PartnerForm(LineForm):
    money_fields = ("cash_contribution", "in_kind_contribution")

    class Meta:
        model = Partner
        fields = ["name", "kind", "role", "cash_contribution", "in_kind_contribution"]


class BudgetLineForm(LineForm):
    money_fields = ("total_amount", "fund_amount")

    class Meta:
        model = BudgetLine
        fields = ["category", "description", "total_amount", "fund_amount"]

    def clean(self):
        cleaned = super().clean()
        total, fund = cleaned.get("total_amount"), cleaned.get("fund_amount")
        if total is not None and fund is not None and fund > total:
            self.add_error("fund_amount", _("Le montant demandé au fonds ne peut dépasser le coût total du poste."))
        return cleaned


class CoFundingForm(LineForm):
    money_fields = ("amount",)

    class Meta:
        model = CoFunding
        fields = ["source", "amount", "status"]


class IndicatorForm(LineForm):
    money_fields = ("target",)

    class Meta:
        model = Indicator
        fields = ["label", "target", "unit"]


class BudgetFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        total = sum((form.cleaned_data.get("fund_amount") or Decimal("0")) for form in self.forms
                    if form.cleaned_data and not self._should_delete_form(form))
        call = self.instance.call
        if budget_over_maximum(call, total):
            raise forms.ValidationError(
                _("Le total demandé au fonds (%(total)s) dépasse le maximum de l'appel (%(max)s).")
                % {"total": format_money(total), "max": format_money(call.max_amount)}, code="over_maximum")


# kind -> (form, formset base, singular label)
LINE_KINDS = {
    "partners": (PartnerForm, forms.BaseInlineFormSet, _("Partenaire")),
    "indicators": (IndicatorForm, forms.BaseInlineFormSet, _("Indicateur")),
    "budget_lines": (BudgetLineForm, BudgetFormSet, _("Poste budgétaire")),
    "cofundings": (CoFundingForm, forms.BaseInlineFormSet, _("Autre source de financement")),
}


def line_formset(kind, proposal, data=None):
    form, base, label = LINE_KINDS[kind]
    lines = getattr(proposal, kind).all()
    # One blank row to start with when there is nothing yet; "Ajouter une ligne" adds more.
    factory = forms.inlineformset_factory(Proposal, form.Meta.model, form=form, formset=base,
                                          extra=0 if lines.exists() else 1, can_delete=True)
    formset = factory(data, instance=proposal, prefix=kind, queryset=lines)
    formset.label, formset.title = label, form.Meta.model._meta.verbose_name_plural
    return formset


def formset_rows(formset):
    """Rows for grants.services.proposals.save_step, from a formset that validated."""
    rows = []
    fields = formset.form.Meta.fields
    for form in formset.forms:
        pk = form.instance.pk
        if formset._should_delete_form(form):
            if pk:
                rows.append({"id": pk, "delete": True, "values": {}})
        elif pk or form.has_changed():
            rows.append({"id": pk, "delete": False, "values": {name: form.cleaned_data[name] for name in fields}})
    return rows
