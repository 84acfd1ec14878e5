"""Query filters of the accountability lists (django-filter): ids, states, due dates."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accountability.models import Agreement, PaymentTranche, Report


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """An object's id: an integer ("1.5" or "abc" is a 400)."""

    field_class = forms.IntegerField


class AgreementFilter(django_filters.FilterSet):
    program = IdFilter(field_name="program_id", help_text="Program id.")
    call = IdFilter(field_name="call_id", help_text="Call id.")
    organisation = IdFilter(field_name="organisation_id", help_text="Organisation id.")
    signed = django_filters.BooleanFilter(field_name="signed_on", lookup_expr="isnull", exclude=True,
                                          help_text="true: signature recorded; false: not yet.")

    class Meta:
        model = Agreement
        fields = ["program", "call", "organisation", "signed"]


class TrancheFilter(django_filters.FilterSet):
    agreement = IdFilter(field_name="agreement_id", help_text="Agreement id.")
    state = django_filters.ChoiceFilter(choices=PaymentTranche.State.choices)

    class Meta:
        model = PaymentTranche
        fields = ["agreement", "state"]


class ReportFilter(django_filters.FilterSet):
    agreement = IdFilter(field_name="agreement_id", help_text="Agreement id.")
    state = django_filters.ChoiceFilter(choices=Report.State.choices)
    kind = django_filters.ChoiceFilter(choices=Report.Kind.choices)
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte",
                                           help_text="Due on or before this date.")
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte",
                                          help_text="Due on or after this date.")
    overdue = django_filters.BooleanFilter(method="filter_overdue", help_text="true: past due and not filed "
                                           "(draft or returned), as Report.is_overdue; false: the others.")

    class Meta:
        model = Report
        fields = ["agreement", "state", "kind", "due_before", "due_after", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(state__in=[Report.State.DRAFT, Report.State.RETURNED], due_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
