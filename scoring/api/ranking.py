"""The ranking page's figures and rows as JSON, a page at a time (scoring.views.ranking.ranking_table)."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.utils.urls import remove_query_param, replace_query_param

from grants.models import Organisation
from grants.states import State

from ..ranking import METHODS
from ..ranking_pages import MAX_PAGE, MAX_PAGE_SIZE, PAGE_SIZE, RANKED, SECTIONS, SORTS, Query
from .common import MAX_ID

ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
RANKING_PARAMETERS = [
    OpenApiParameter("method", OpenApiTypes.STR, enum=list(METHODS),
                     description="raw: mean of the weighted totals; zscore: normalised per reviewer."),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(SORTS)),
    OpenApiParameter("mrc", ID_SCHEMA, description="Only proposals targeting this MRC."),
    OpenApiParameter("axis", ID_SCHEMA, description="Only proposals whose primary axis is this one."),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=list(Organisation.Kind.values),
                     description="Only proposals of organisations of this kind."),
    OpenApiParameter("section", OpenApiTypes.STR, enum=list(SECTIONS),
                     description="ranked (default): proposals with a submitted review; unreviewed: the others."),
    OpenApiParameter("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
                     description="From 1; a page after the last one is a 404."),
    OpenApiParameter("page_size", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                     description=f"Rows per page ({PAGE_SIZE} by default)."),
]


class RankingQuerySerializer(serializers.Serializer):
    """The page ignores a value it cannot read; the API says so (400)."""

    method = serializers.ChoiceField(choices=METHODS, default="raw")
    sort = serializers.ChoiceField(choices=list(SORTS), default="rank")
    mrc = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    axis = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices, default="")
    section = serializers.ChoiceField(choices=SECTIONS, default=RANKED)
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, default=PAGE_SIZE)


def ranking_query(params):
    """The Query the API's parameters ask for; 400 on a value it cannot read."""
    reading = RankingQuerySerializer(data=params)
    reading.is_valid(raise_exception=True)
    values = dict(reading.validated_data)
    return Query(size=values.pop("page_size"), **values)


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="In the whole call, before the filters.")
    proposal = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    state = serializers.ChoiceField(choices=State.choices)
    organisation = serializers.IntegerField()
    organisation_name = serializers.CharField()
    organisation_kind = serializers.CharField()
    primary_axis = serializers.IntegerField(allow_null=True)
    mrcs = serializers.ListField(child=serializers.IntegerField())
    requested_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    score = serializers.FloatField(allow_null=True, help_text="Out of 100, by the chosen method.")
    review_count = serializers.IntegerField(help_text="Submitted reviews.")
    mean = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    spread = serializers.FloatField(allow_null=True)
    disagreement = serializers.BooleanField(help_text="The reviewers' totals are far apart.")
    eliminated = serializers.BooleanField(help_text="Failed an eliminatory criterion in a submitted review.")
    axis_means = serializers.DictField(child=serializers.FloatField(), help_text="Axis id → mean sub-score.")
    running_total = serializers.DecimalField(max_digits=14, decimal_places=2,
                                             help_text="Requests of this row and the rows before it in the "
                                                       "section, in the chosen sort, after the filters.")
    within_envelope = serializers.BooleanField(help_text="The running total fits in the envelope left.")


class RankingSerializer(serializers.Serializer):
    call = serializers.IntegerField()
    method = serializers.CharField()
    sort = serializers.CharField()
    section = serializers.ChoiceField(choices=SECTIONS)
    envelope = serializers.DecimalField(max_digits=12, decimal_places=2)
    committed = serializers.DecimalField(max_digits=14, decimal_places=2,
                                         help_text="Granted to the program's funded proposals, every call.")
    pending = serializers.DecimalField(max_digits=14, decimal_places=2,
                                       help_text="Suggested for the program's recommended proposals, not decided.")
    envelope_left = serializers.DecimalField(max_digits=14, decimal_places=2)
    total_requested = serializers.DecimalField(max_digits=14, decimal_places=2,
                                               help_text="Requests of the section's rows after the filters, "
                                                         "every page.")
    within_envelope_count = serializers.IntegerField(help_text="Rows of the section whose running total fits.")
    count_all = serializers.IntegerField(help_text="Proposals to rank in the call, before the filters.")
    count_ranked = serializers.IntegerField(help_text="With a submitted review, after the filters.")
    count_unreviewed = serializers.IntegerField(help_text="Without a submitted review, after the filters.")
    count = serializers.IntegerField(help_text="Rows of the section after the filters, every page.")
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    rows = RankingRowSerializer(many=True)


def _row(line):
    row = line["row"]
    proposal = row.proposal
    return {
        "rank": row.rank, "proposal": proposal.pk, "reference": proposal.reference, "title": proposal.title,
        "state": proposal.state, "organisation": proposal.organisation_id,
        "organisation_name": proposal.organisation.legal_name, "organisation_kind": proposal.organisation.kind,
        "primary_axis": proposal.primary_axis_id, "mrcs": [mrc.pk for mrc in proposal.mrcs.all()],
        "requested_amount": proposal.requested_amount, "score": row.score, "review_count": row.review_count,
        "mean": row.mean, "median": row.median, "spread": row.spread, "disagreement": row.disagreement,
        "eliminated": row.eliminated, "axis_means": {str(key): value for key, value in row.axis_means.items()},
        "running_total": line["running"], "within_envelope": line["within"],
    }


def _link(request, number, last):
    if not 1 <= number <= last:
        return None
    url = request.build_absolute_uri()
    return remove_query_param(url, "page") if number == 1 else replace_query_param(url, "page", number)


def ranking_data(request, call, table):
    page = table["page"]
    number = page.query.page
    if number > page.pages:
        raise NotFound(_("Page %(number)d introuvable : le classement en compte %(pages)d.")
                       % {"number": number, "pages": page.pages})
    return {"call": call.pk, "method": table["method"], "sort": table["sort"], "section": table["section"],
            "envelope": table["envelope"], "committed": table["committed"], "pending": table["pending"],
            "envelope_left": table["envelope_left"], "total_requested": table["total_requested"],
            "within_envelope_count": page.within_count, "count_all": page.count_all,
            "count_ranked": page.count_ranked, "count_unreviewed": page.count_unreviewed, "count": page.count,
            "page": number, "page_size": page.query.size, "next": _link(request, number + 1, page.pages),
            "previous": _link(request, number - 1, page.pages), "rows": [_row(line) for line in table["table"]]}
