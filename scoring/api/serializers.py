from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Review, Score
from .common import DecimalString


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


class ScoreAnswerSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    value = DecimalString(max_digits=5, decimal_places=2, min_value=0, required=False, allow_null=True,
                          default=None, help_text="Scored criteria: 0 to the criterion's scale_max.")
    passed = serializers.BooleanField(required=False, allow_null=True, default=None,
                                      help_text="Eliminatory criteria: true passed, false failed.")
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000,
                                    trim_whitespace=False)


class ReviewDraftSerializer(serializers.Serializer):
    """Every answer of the draft, replacing the saved ones (a criterion left out is emptied), as the form."""

    scores = ScoreAnswerSerializer(many=True, required=False, default=list)
    overall_comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000,
                                            trim_whitespace=False)
    recommendation = serializers.ChoiceField(choices=Review.Recommendation.choices, required=False,
                                             allow_blank=True, default="")
    suggested_amount = DecimalString(max_digits=12, decimal_places=2, min_value=0, required=False,
                                     allow_null=True, default=None)

    def validate_scores(self, scores):
        criteria = [item["criterion"] for item in scores]
        if len(criteria) != len(set(criteria)):
            raise serializers.ValidationError(_("Un critère figure deux fois."))
        return scores

    def answers(self):
        """What scoring.services.reviews.save_draft takes."""
        data = self.validated_data
        return {"scores": {item["criterion"]: {"value": item["value"], "passed": item["passed"],
                                               "comment": item["comment"]} for item in data["scores"]},
                "overall_comment": data["overall_comment"], "recommendation": data["recommendation"],
                "suggested_amount": data["suggested_amount"]}
