"""What a shared call's application asks from each funder, through the API: saved by
grants.services.proposals.save_step, as the budget step page does (grants.forms.funders)."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from grants import funders
from grants.api.funders import FunderRequestSerializer, FundersBody, FundersResult, funder_values
from grants.services import proposals as service

from .proposal_common import WRITE_ERRORS


class ProposalFundersMixin:
    @extend_schema(summary="Indiquer les montants demandés aux bailleurs d'un appel conjoint", request=FundersBody,
                   responses={200: FundersResult, **WRITE_ERRORS})
    @action(detail=True, methods=["put"], url_path="funders", url_name="funders")
    def funders(self, request, pk=None):
        proposal = self.get_object()
        service.require_editable(proposal, request.user)
        body = FundersBody(data=request.data)
        body.is_valid(raise_exception=True)
        amounts, axes = funder_values(body.validated_data["items"])
        saved = service.save_step(proposal, request.user, version=body.validated_data["version"], funders=amounts,
                                  funder_axes=axes)
        items = FunderRequestSerializer(funders.requests(saved).values(), many=True).data
        return Response({"version": saved.version, "items": items})
