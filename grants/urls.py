from django.contrib.auth import views as auth_views
from django.urls import include, path

from .forms.accounts import OutboxPasswordResetForm
from .views import accountability as acct
from .views import accounts, attachments, dashboard, invitations, organisations, proposals, steps

urlpatterns = [
    path("comptes/profil/", accounts.profile, name="profile"),
    # Before the stock auth URLs so that this reset view, whose mail goes through the outbox, wins.
    path("comptes/password_reset/", auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
         name="password_reset"),
    path("comptes/", include("django.contrib.auth.urls")),
    path("mon-organisme/", organisations.mine, name="my_organisation"),
    path("organismes/<int:pk>/", organisations.detail, name="organisation_detail"),
    path("organismes/<int:pk>/modifier/", organisations.edit, name="organisation_edit"),
    path("organismes/<int:pk>/inviter/", organisations.invite, name="organisation_invite"),
    path("invitation/<str:token>/", invitations.accept, name="invitation_accept"),
    path("appels/<int:call_pk>/nouvelle-demande/", proposals.new, name="proposal_new"),
    path("demandes/<int:pk>/", proposals.detail, name="proposal_detail"),
    path("demandes/<int:pk>/deposer/", proposals.submit, name="proposal_submit"),
    path("demandes/<int:pk>/etapes/<slug:slug>/", steps.edit_step, name="proposal_step"),
    path("demandes/<int:pk>/pieces/ajouter/", attachments.upload, name="attachment_upload"),
    path("demandes/<int:pk>/pieces/<int:attachment_pk>/", attachments.download, name="attachment_download"),
    path("demandes/<int:pk>/pieces/<int:attachment_pk>/retirer/", attachments.delete, name="attachment_delete"),
    path("", dashboard.home, name="home"),
]

# Accountability: agreements, tranches, reports, program results (accountability-grants engineer).
urlpatterns += [
    path("conventions/", acct.agreement_list, name="agreement_list"),
    path("conventions/<int:pk>/", acct.agreement_detail, name="agreement_detail"),
    path("conventions/<int:pk>/signature/", acct.agreement_sign, name="agreement_sign"),
    path("conventions/<int:pk>/convention-signee/", acct.agreement_signed_file, name="agreement_signed_file"),
    path("conventions/demande/<int:proposal_pk>/", acct.agreement_for_proposal, name="agreement_for_proposal"),
    path("versements/<int:pk>/paiement/", acct.tranche_pay, name="tranche_pay"),
    path("rapports/<int:pk>/", acct.report_detail, name="report_detail"),
    path("rapports/<int:pk>/analyse/", acct.report_review, name="report_review"),
    path("rapports/pieces/<int:pk>/", acct.report_attachment, name="report_attachment"),
    path("rapports/pieces/<int:pk>/retirer/", acct.report_attachment_remove, name="report_attachment_remove"),
    path("programmes/<int:pk>/resultats/", acct.program_results, name="program_results"),
]
