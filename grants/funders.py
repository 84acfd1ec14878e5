"""One application, several funders: reads (grants.services.funders writes).

A shared call is the host's call plus each co-funder's call (Call.lead_call). The organisation's draft lives
in the host's call and holds what it asks from each funder (FunderRequest); once filed, each co-funder has
its own file (Proposal.application points at the draft it came from), the host keeps the draft itself.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from .models import AttachmentType, Call, FunderRequest, Proposal

HOST_REQUIRED = _("Le bailleur principal de l'appel, %(funder)s, reçoit chaque demande : inscrivez le montant "
                  "que vous lui demandez.")


def funder_calls(call):
    """The funders of a shared call, the host first (each as its call, program loaded); [] otherwise."""
    host = call.lead_call if call.lead_call_id else call
    co_calls = list(Call.objects.filter(lead_call=host).select_related("program").order_by("program__code"))
    if not co_calls:
        return []
    if host is call:
        host = Call.objects.select_related("program").get(pk=call.pk)
    return [host, *co_calls]


def root(proposal):
    """The application a file belongs to: the host's draft (itself, outside shared calls)."""
    return proposal.application if proposal.application_id else proposal


def shared_call():
    """An annotation for readers that load a proposal and ask about its funders (the submit's row lock, the
    API's detail): whether its call hosts a shared call, read with the row rather than by one more query."""
    return Exists(Call.objects.filter(lead_call=OuterRef("call_id")))


def hosts_shared_call(proposal):
    """Whether the proposal's call hosts a shared call (from the shared_call() annotation when loaded)."""
    known = getattr(proposal, "shared_call", None)
    return Call.objects.filter(lead_call_id=proposal.call_id).exists() if known is None else known


def asks_funders(proposal):
    """Whether the applicant chooses funders on this proposal's form: the host's draft of a shared call."""
    return proposal.application_id is None and hosts_shared_call(proposal)


def requests(proposal):
    """{call id: FunderRequest} of the application this file belongs to."""
    if proposal.application_id is None and not hosts_shared_call(proposal):
        return {}
    return {request.call_id: request
            for request in FunderRequest.objects.filter(proposal_id=root(proposal).pk).select_related("call__program")}


def own_share(proposal):
    """What this file asks from its own funder, or None outside a shared application."""
    return (FunderRequest.objects.filter(proposal_id=proposal.application_id or proposal.pk, call_id=proposal.call_id)
            .values_list("amount", flat=True).first())


def question_call_ids(proposal):
    """The calls whose questions this proposal answers: its own, plus the host's for a co-funder's file, or
    the co-funders' it asks for the host's draft."""
    if proposal.application_id:
        return [proposal.application.call_id, proposal.call_id]
    if not hosts_shared_call(proposal):
        return [proposal.call_id]
    asked = FunderRequest.objects.filter(proposal_id=proposal.pk).exclude(call_id=proposal.call_id)
    return [proposal.call_id, *asked.values_list("call_id", flat=True)]


def required_documents(proposal):
    """The document types this proposal must attach: its call's, and those of the funders it asks."""
    return AttachmentType.objects.filter(calls__in=question_call_ids(proposal)).distinct().order_by("name_fr")


def files(proposal):
    """Every file of the application, the host's first: what the applicant follows, one line per funder."""
    application = root(proposal)
    others = Proposal.objects.filter(application_id=application.pk).select_related("call__program").order_by("id")
    return [application, *others] if others else []
