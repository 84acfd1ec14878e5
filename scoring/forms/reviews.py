"""Forms of the reviewer and assignment screens. The review form is built from the rubric's criteria."""

from decimal import Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.fast_forms import ListedModelChoiceField
from grants.models import Organisation, User

from ..models import Review

PASS_CHOICES = [("", _("— à indiquer —")), ("pass", _("Réussi")), ("fail", _("Échec"))]
# Scales up to this maximum are a row of choices (half points up to 5); longer ones keep a number input.
CHOICE_SCALE_MAX = 10


def plain(value):
    """A decimal as the form sends it back: "3", "3.5" (never "3.00"), so a stored score checks its choice."""
    return None if value is None else format(Decimal(value).normalize(), "f")


def scale_choices(scale_max, current=None):
    step = Decimal("0.5") if scale_max <= 5 else Decimal("1")
    values, value = [], Decimal(0)
    while value <= scale_max:
        values.append(value)
        value += step
    if current is not None and Decimal(current) not in values:
        values = sorted([*values, Decimal(current)])  # a score entered elsewhere (the API) stays visible
    return [(plain(item), number_format(item.normalize())) for item in values]


class ReviewForm(forms.Form):
    overall_comment = forms.CharField(label=_("Commentaire général"), required=False, widget=forms.Textarea)
    recommendation = forms.ChoiceField(label=_("Recommandation"), required=False,
                                       choices=[("", _("— à choisir —")), *Review.Recommendation.choices])
    suggested_amount = forms.DecimalField(label=_("Montant suggéré ($)"), required=False, min_value=0,
                                          max_digits=12, decimal_places=2)

    def __init__(self, *args, review, scores=None, **kwargs):
        """`scores`: the Score rows to show (services.reviews.open_review gives unsaved ones for a draft
        not created yet); by default the review's stored scores."""
        self.review = review
        scores = review.scores.all() if scores is None else scores
        self.criteria = [score.criterion for score in scores]
        initial = {"overall_comment": review.overall_comment, "recommendation": review.recommendation,
                   "suggested_amount": review.suggested_amount}
        for score in scores:
            criterion = score.criterion
            if criterion.eliminatory:
                initial[f"passed_{criterion.pk}"] = {True: "pass", False: "fail"}.get(score.passed, "")
            else:
                initial[f"value_{criterion.pk}"] = plain(score.value)
            initial[f"comment_{criterion.pk}"] = score.comment
        super().__init__(*args, initial=initial, **kwargs)
        for criterion in self.criteria:
            if criterion.eliminatory:
                self.fields[f"passed_{criterion.pk}"] = forms.ChoiceField(
                    label=criterion.label, choices=PASS_CHOICES, required=False, help_text=criterion.guidance,
                    widget=forms.Select(attrs={"aria-describedby": f"guidance-{criterion.pk}"}
                                        if criterion.guidance else {}))
            else:
                scale = criterion.scale_max
                widget = forms.NumberInput(attrs={"step": "0.5"})
                if scale <= CHOICE_SCALE_MAX:
                    current = next((score.value for score in scores if score.criterion_id == criterion.pk), None)
                    widget = forms.RadioSelect(choices=scale_choices(scale, current))
                if criterion.guidance:
                    widget.attrs["aria-describedby"] = f"guidance-{criterion.pk}"
                self.fields[f"value_{criterion.pk}"] = forms.DecimalField(
                    label=_("%(label)s (sur %(max)s)") % {"label": criterion.label, "max": scale},
                    required=False, min_value=0, max_value=scale, decimal_places=2,
                    help_text=criterion.guidance, widget=widget)
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Commentaire : %(label)s") % {"label": criterion.label}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}))
        if review.is_submitted:
            for field in self.fields.values():
                field.disabled = True

    def rows(self):
        """(criterion, score field, comment field) per criterion, in rubric order, for the template."""
        for criterion in self.criteria:
            name = f"passed_{criterion.pk}" if criterion.eliminatory else f"value_{criterion.pk}"
            yield criterion, self[name], self[f"comment_{criterion.pk}"]

    def answers(self):
        data = self.cleaned_data
        result = {}
        for criterion in self.criteria:
            passed = data.get(f"passed_{criterion.pk}")
            result[criterion.pk] = {
                "value": data.get(f"value_{criterion.pk}"),
                "passed": {"pass": True, "fail": False}.get(passed),
                "comment": data.get(f"comment_{criterion.pk}", ""),
            }
        return result


class DeclarationForm(forms.Form):
    CHOICES = [("none", _("Je déclare n'avoir aucun conflit d'intérêts avec l'organisme porteur ni ses "
                          "partenaires.")),
               ("recuse", _("Je me récuse."))]
    decision = forms.ChoiceField(label=_("Ma déclaration"), choices=CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Motif de la récusation"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "recuse" and not data.get("reason", "").strip():
            self.add_error("reason", _("Indiquez le motif de votre récusation."))
        return data


class AssignForm(forms.Form):
    reviewer = ListedModelChoiceField(label=_("Évaluateur ou évaluatrice"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Échéance"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        # The options from the candidates already read (hundreds of reviewers in a province-wide program).
        self.fields["reviewer"].queryset = User.objects.filter(pk__in=[c.user.pk for c in candidates])
        self.fields["reviewer"].listed = [(user.pk, user.get_full_name()) for user in sorted(
            (c.user for c in candidates), key=lambda user: user.email)]  # User's own order


class TieForm(forms.Form):
    """Staff record a tie between a reviewer and the applicant or a partner organisation."""

    reviewer = ListedModelChoiceField(label=_("Personne liée"), queryset=User.objects.none())
    organisation = forms.ModelChoiceField(label=_("Organisme lié"), queryset=Organisation.objects.none())
    note = forms.CharField(label=_("Nature du lien"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, reviewers, organisation_ids, **kwargs):
        super().__init__(*args, prefix="tie", **kwargs)
        self.fields["reviewer"].queryset = reviewers
        # Only the labels (User.get_full_name: the name, or the address without one), not every person's row.
        self.fields["reviewer"].listed = [(pk, name or email) for pk, name, email in reviewers.values_list(
            "pk", "full_name", "email")]
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=organisation_ids)
