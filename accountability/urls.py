from django.urls import path

from . import views as acct

urlpatterns = [
    path("conventions/", acct.agreement_list, name="agreement_list"),
    path("conventions/<int:pk>/", acct.agreement_detail, name="agreement_detail"),
    path("conventions/<int:pk>/signature/", acct.agreement_sign, name="agreement_sign"),
    path("conventions/<int:pk>/convention-signee/", acct.agreement_signed_file, name="agreement_signed_file"),
    path("conventions/demande/<int:proposal_pk>/", acct.agreement_for_proposal, name="agreement_for_proposal"),
    path("versements/<int:pk>/paiement/", acct.tranche_pay, name="tranche_pay"),
    path("versements/<int:pk>/annulation/", acct.tranche_cancel, name="tranche_cancel"),
    path("rapports/<int:pk>/", acct.report_detail, name="report_detail"),
    path("rapports/pieces/<int:pk>/", acct.report_attachment, name="report_attachment"),
    path("rapports/pieces/<int:pk>/retirer/", acct.report_attachment_remove, name="report_attachment_remove"),
    path("programmes/<int:pk>/resultats/", acct.program_results, name="program_results"),
]
