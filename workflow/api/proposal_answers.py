"""Answering the call's own questions through the API: the items are checked by the page's form and
saved by grants.services.proposals.save_step, as the step page does (grants.api.answers)."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from grants.api.answers import AnswersBody, AnswerSerializer, AnswersResult, answer_values, answers_of
from grants.services import proposals as service

from .proposal_common import WRITE_ERRORS


class ProposalAnswersMixin:
    @extend_schema(summary="Répondre aux questions propres à l'appel", request=AnswersBody,
                   responses={200: AnswersResult, **WRITE_ERRORS})
    @action(detail=True, methods=["put"], url_path="answers", url_name="answers")
    def answers(self, request, pk=None):
        proposal = self.get_object()
        service.require_editable(proposal, request.user)
        body = AnswersBody(data=request.data)
        body.is_valid(raise_exception=True)
        values = answer_values(proposal, body.validated_data["items"])
        saved = service.save_step(proposal, request.user, version=body.validated_data["version"], answers=values)
        answers = AnswerSerializer(answers_of(saved), many=True, context=self.get_serializer_context()).data
        return Response({"version": saved.version, "answers": answers})
