"""Formsets for the repeated parts of a proposal: partners, budget lines, co-funding, indicators."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.money import AmountField, format_money, parse_amount
from grants.models import BudgetLine, CoFunding, Indicator, Partner, Proposal
from grants.services.proposals import budget_over_maximum

from .text import NewlinesMixin

NEGATIVE = _("Ce montant ne peut pas être négatif : inscrivez 0 ou plus.")


class QuantityField(AmountField):
    """A number typed the Québec way ("1 200", "12,5"), spoken of as a number rather than an amount."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("currency", False)
        super().__init__(*args, **kwargs)


class LineForm(NewlinesMixin, forms.ModelForm):
    money_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.money_fields:
            self.fields[name].validators.append(MinValueValidator(Decimal("0")))
            self.fields[name].error_messages["min_value"] = NEGATIVE
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 2


class PartnerForm(LineForm):
    money_fields = ("cash_contribution", "in_kind_contribution")

    class Meta:
        model = Partner
        fields = ["name", "kind", "role", "cash_contribution", "in_kind_contribution"]
        field_classes = {"cash_contribution": AmountField, "in_kind_contribution": AmountField}
        error_messages = {
            "name": {"required": _("Inscrivez le nom du partenaire.")},
            "kind": {"required": _("Choisissez le type de partenaire dans la liste."),
                     "invalid_choice": _("Choisissez le type de partenaire dans la liste.")},
            "cash_contribution": {"required": _("Inscrivez la contribution en argent (0 s'il n'y en a pas).")},
            "in_kind_contribution": {"required": _("Inscrivez la contribution en nature (0 s'il n'y en a pas).")},
        }


class BudgetLineForm(LineForm):
    money_fields = ("total_amount", "fund_amount")

    class Meta:
        model = BudgetLine
        fields = ["category", "description", "total_amount", "fund_amount"]
        field_classes = {"total_amount": AmountField, "fund_amount": AmountField}
        error_messages = {
            "category": {"required": _("Choisissez la catégorie du poste dans la liste."),
                         "invalid_choice": _("Choisissez la catégorie du poste dans la liste.")},
            "description": {"required": _("Décrivez le poste, par exemple « Salaire de la coordonnatrice ».")},
            "total_amount": {"required": _("Inscrivez le coût total du poste, par exemple 60 000,00.")},
            "fund_amount": {"required": _("Inscrivez le montant demandé au fonds pour ce poste (0 si aucun).")},
        }

    def clean(self):
        cleaned = super().clean()
        total, fund = cleaned.get("total_amount"), cleaned.get("fund_amount")
        if total is not None and fund is not None and fund > total:
            self.add_error("fund_amount", _("Le montant demandé au fonds ne peut dépasser le coût total du poste."))
        return cleaned


class CoFundingForm(LineForm):
    money_fields = ("amount",)
    # The applicant's own sources are confirmed or pending; "declined" and "withdrawn" are a shared
    # application's other funders, which their decisions keep (grants.services.funders).
    TYPED = (CoFunding.Status.CONFIRMED, CoFunding.Status.PENDING)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(value, label) for value, label in self.fields["status"].choices
                                         if value in ("", *self.TYPED)]

    class Meta:
        model = CoFunding
        fields = ["source", "amount", "status"]
        field_classes = {"amount": AmountField}
        error_messages = {
            "source": {"required": _("Nommez la source de financement, par exemple « Centraide ».")},
            "amount": {"required": _("Inscrivez le montant de cette source de financement.")},
            "status": {"required": _("Indiquez si ce financement est confirmé ou en attente."),
                       "invalid_choice": _("Indiquez si ce financement est confirmé ou en attente.")},
        }


class IndicatorForm(LineForm):
    money_fields = ("target",)

    class Meta:
        model = Indicator
        fields = ["label", "target", "unit"]
        field_classes = {"target": QuantityField}
        error_messages = {
            "label": {"required": _("Décrivez l'indicateur, par exemple « Familles rejointes ».")},
            "target": {"required": _("Inscrivez la cible chiffrée, par exemple 200.")},
            "unit": {"required": _("Précisez l'unité de la cible, par exemple « familles ».")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].error_messages["min_value"] = _("La cible ne peut pas être négative.")


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
                _("Le total demandé au fonds (%(total)s) dépasse le maximum de l'appel (%(max)s) : réduisez "
                  "les montants demandés au fonds.")
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
    if kind == "cofundings":
        # The other funders of a shared application are kept by their decisions, not typed.
        lines = lines.filter(funder_file__isnull=True)
    # One blank row to start with when there is nothing yet; "Ajouter une ligne" adds more.
    factory = forms.inlineformset_factory(Proposal, form.Meta.model, form=form, formset=base, fk_name="proposal",
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


def _amount(form, name):
    try:
        return parse_amount(form[name].value()) or Decimal("0")
    except (ValueError, InvalidOperation):
        return Decimal("0")


def _column_total(formset, name):
    if formset is None:
        return Decimal("0")
    return sum((_amount(form, name) for form in formset.forms if not form["DELETE"].value()), Decimal("0"))


def budget_totals(formsets):
    """The budget step's totals from the rows as shown (saved, or as typed when the page comes back with
    errors); static/js/proposal-form.js keeps them up to date while people type. An amount not understood
    counts 0."""
    by_kind = {formset.prefix: formset for formset in formsets}
    cost = _column_total(by_kind.get("budget_lines"), "total_amount")
    fund = _column_total(by_kind.get("budget_lines"), "fund_amount")
    other = _column_total(by_kind.get("cofundings"), "amount")
    return {"cost": cost, "fund": fund, "other": other, "gap": cost - fund - other}
