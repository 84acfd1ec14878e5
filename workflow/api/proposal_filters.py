"""Filters of the proposals list: each narrows the visible proposals with an indexed condition."""

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from grants.models import Proposal
from grants.states import State

SECONDARY = Proposal.secondary_axes.through


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ProposalFilter(django_filters.FilterSet):
    call = IdFilter(field_name="call_id", help_text="Call id.")
    # No DISTINCT: a state is the row's own column, nothing to repeat; with it PostgreSQL sorted every match
    # of the states instead of reading the list's index (68 ms for two states at 100,000 proposals).
    state = django_filters.MultipleChoiceFilter(choices=State.choices, distinct=False,
                                                help_text="Repeat for several states.")
    mrc = IdFilter(field_name="mrcs", help_text="Targets this MRC (territory id).")
    axis = IdFilter(method="filter_axis", help_text="Serves this axis, primary or secondary.")
    organisation = IdFilter(field_name="organisation_id", help_text="Organisation id.")
    submitted_after = django_filters.IsoDateTimeFilter(
        field_name="submitted_at", lookup_expr="gte", help_text="ISO 8601 date or date-time, included.")
    submitted_before = django_filters.IsoDateTimeFilter(
        field_name="submitted_at", lookup_expr="lt", help_text="ISO 8601 date or date-time, excluded.")
    created_after = django_filters.IsoDateTimeFilter(
        field_name="created_at", lookup_expr="gte", help_text="ISO 8601 date or date-time, included.")
    created_before = django_filters.IsoDateTimeFilter(
        field_name="created_at", lookup_expr="lt", help_text="ISO 8601 date or date-time, excluded.")

    class Meta:
        model = Proposal
        fields = []

    def filter_axis(self, queryset, name, value):
        # A subquery rather than a join: a proposal serving the axis twice is still listed once.
        secondary = SECONDARY.objects.filter(axis_id=value).values("proposal_id")
        return queryset.filter(Q(primary_axis_id=value) | Q(pk__in=secondary))
