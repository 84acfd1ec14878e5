from rest_framework import serializers

from ..models import Review, Score


class ScoreSerializer(serializers.ModelSerializer):
    criterion_label = serializers.CharField(source="criterion.label")
    axis = serializers.IntegerField(source="criterion.axis_id", allow_null=True)
    eliminatory = serializers.BooleanField(source="criterion.eliminatory")
    scale_max = serializers.IntegerField(source="criterion.scale_max")

    class Meta:
        model = Score
        fields = ["criterion", "criterion_label", "axis", "eliminatory", "scale_max", "value", "passed", "comment"]


class ReviewSerializer(serializers.ModelSerializer):
    proposal_title = serializers.CharField(source="proposal.title")
    reviewer_name = serializers.CharField(source="reviewer.get_full_name")
    scores = ScoreSerializer(many=True)

    class Meta:
        model = Review
        fields = ["id", "proposal", "proposal_title", "reviewer_name", "rubric", "state", "weighted_total",
                  "axis_scores", "eliminatory_failed", "recommendation", "suggested_amount", "overall_comment",
                  "submitted_at", "scores"]
