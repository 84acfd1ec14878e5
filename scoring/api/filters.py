"""Query filters of the scoring API's lists (django-filter): they narrow what the person may already see."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from grants.models import Call
from grants.states import State

from ..models import BoardMeeting, Decision, ReviewerAssignment, Scenario
from .common import MAX_ID


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.Filter):
    """An object's id: a whole number that fits the id columns, else a 400 (SQLite cannot even compare a
    foreign key with a larger number: it would be a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class StrictBoolean(forms.Field):
    """true or false (a value that is neither is a 400, not ignored as django-filter's own would)."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value is None:
            return None
        if str(value).lower() not in self.VALUES:
            raise forms.ValidationError(_("Indiquez true ou false."), code="invalid")
        return self.VALUES[str(value).lower()]


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBoolean


class FilterSet(django_filters.FilterSet):
    """A filter given without a value is a 400, as a value of the wrong type is (django-filter ignores it)."""

    def is_valid(self):
        valid = super().is_valid()
        for name in self.filters:
            if self.data.get(name, None) == "":
                self.form.add_error(name, _("Indiquez une valeur ou retirez ce paramètre."))
                valid = False
        return valid


class CallFilter(FilterSet):
    program = IdFilter(field_name="program_id")
    open = BooleanFilter(method="filter_open")  # open now: a draft may be started

    class Meta:
        model = Call
        fields = ["program", "open"]

    def filter_open(self, queryset, name, value):
        now = timezone.now()
        opened = queryset.filter(opens_at__lte=now, closes_at__gt=now)
        return opened if value else queryset.exclude(pk__in=opened.values("pk"))


class AssignmentFilter(FilterSet):
    proposal = IdFilter(field_name="proposal_id")
    call = IdFilter(field_name="proposal__call_id")
    reviewer = IdFilter(field_name="reviewer_id")
    state = django_filters.ChoiceFilter(choices=ReviewerAssignment.State.choices)
    proposal_state = django_filters.ChoiceFilter(field_name="proposal__state", choices=State.choices)

    class Meta:
        model = ReviewerAssignment
        fields = ["proposal", "call", "reviewer", "state", "proposal_state"]


class ScenarioFilter(FilterSet):
    call = IdFilter(field_name="call_id")
    chosen = BooleanFilter()

    class Meta:
        model = Scenario
        fields = ["call", "chosen"]


class MeetingFilter(FilterSet):
    program = IdFilter(field_name="program_id")
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = BoardMeeting
        fields = ["program", "date_after", "date_before"]


class DecisionFilter(FilterSet):
    program = IdFilter(field_name="proposal__call__program_id")
    call = IdFilter(field_name="proposal__call_id")
    meeting = IdFilter(field_name="meeting_id")
    outcome = django_filters.ChoiceFilter(choices=Decision.Outcome.choices)
    decided_after = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte")
    decided_before = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte")

    class Meta:
        model = Decision
        fields = ["program", "call", "meeting", "outcome", "decided_after", "decided_before"]
