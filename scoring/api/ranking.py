"""The ranking page's table as JSON (scoring.views.ranking.ranking_table)."""

from rest_framework import serializers

from grants.states import State


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
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
                                             help_text="Requests of this row and the rows above.")
    within_envelope = serializers.BooleanField(help_text="The running total fits in the envelope left.")


class RankingSerializer(serializers.Serializer):
    call = serializers.IntegerField()
    method = serializers.CharField()
    sort = serializers.CharField()
    envelope = serializers.DecimalField(max_digits=12, decimal_places=2)
    envelope_left = serializers.DecimalField(max_digits=14, decimal_places=2)
    total_requested = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Of the rows shown.")
    count_all = serializers.IntegerField(help_text="Ranked proposals before the filters.")
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


def ranking_data(call, table):
    return {"call": call.pk, "method": table["method"], "sort": table["sort"], "envelope": call.program.envelope,
            "envelope_left": table["envelope_left"], "total_requested": table["total_requested"],
            "count_all": table["count_all"], "rows": [_row(line) for line in table["table"]]}
