"""Forms of the board screens: a meeting, and one decision line per proposal before the meeting."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import BoardMeeting, Decision

NO_DECISION = ""


class MeetingForm(forms.ModelForm):
    class Meta:
        model = BoardMeeting
        fields = ["title", "date", "place", "notes"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "notes": forms.Textarea(attrs={"rows": 3})}


class DecisionForm(forms.Form):
    """One proposal's line in the meeting's decisions; left on "no decision" it is skipped."""

    outcome = forms.ChoiceField(label=_("Décision"), required=False,
                                choices=[(NO_DECISION, _("— pas encore décidé —")), *Decision.Outcome.choices])
    amount_granted = forms.DecimalField(label=_("Montant accordé ($)"), required=False, min_value=0,
                                        max_digits=12, decimal_places=2, localize=True)
    resolution_number = forms.CharField(label=_("Numéro de résolution"), required=False, max_length=60)
    conditions = forms.CharField(label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    comment = forms.CharField(label=_("Motifs ou commentaire"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Obligatoire pour un refus."))

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        for name, field in self.fields.items():
            # Unique, readable labels per line for screen readers: "Décision — Projet X".
            field.widget.attrs["aria-label"] = f"{field.label} — {proposal.title}"
            field.widget.attrs.setdefault("id", f"decision-{proposal.pk}-{name}")

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if outcome == Decision.Outcome.APPROVED and not cleaned.get("amount_granted"):
            self.add_error("amount_granted", _("Indiquez le montant accordé."))
        if outcome == Decision.Outcome.DECLINED and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Indiquez les motifs du refus."))
        return cleaned


def decision_forms(proposals, data=None):
    """One prefixed form per proposal awaiting a decision, the suggested amount proposed by default."""
    return [DecisionForm(data, proposal=proposal, prefix=f"p{proposal.pk}",
                         initial={"amount_granted": proposal.suggested_amount})
            for proposal in proposals]
