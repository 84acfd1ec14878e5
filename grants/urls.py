from django.urls import path

from .views import (
    accounts,
    attachments,
    invitations,
    onboarding,
    organisations,
    proposals,
    steps,
    verification,
)

urlpatterns = [
    path("comptes/profil/", accounts.profile, name="profile"),
    path("mon-organisme/", organisations.mine, name="my_organisation"),
    path("organismes/commencer/", onboarding.start, name="organisation_start"),
    path("organismes/inscrire/", onboarding.register, name="organisation_register"),
    path("organismes/rejoindre/", onboarding.search, name="organisation_search"),
    path("organismes/a-verifier/", verification.to_verify, name="organisation_verification_list"),
    path("organismes/<int:pk>/", organisations.detail, name="organisation_detail"),
    path("organismes/<int:pk>/modifier/", organisations.edit, name="organisation_edit"),
    path("organismes/<int:pk>/inviter/", organisations.invite, name="organisation_invite"),
    path("organismes/<int:pk>/rejoindre/", onboarding.join, name="organisation_join"),
    path("organismes/<int:pk>/adhesions/<int:request_pk>/accepter/", organisations.approve_join_request,
         name="join_request_approve"),
    path("organismes/<int:pk>/adhesions/<int:request_pk>/refuser/", organisations.refuse_join_request,
         name="join_request_refuse"),
    path("organismes/<int:pk>/verifier/", verification.verify, name="organisation_verify"),
    path("invitation/<str:token>/", invitations.accept, name="invitation_accept"),
    path("appels/<int:call_pk>/nouvelle-demande/", proposals.new, name="proposal_new"),
    path("demandes/<int:pk>/", proposals.detail, name="proposal_detail"),
    path("demandes/<int:pk>/etapes/<slug:slug>/", steps.edit_step, name="proposal_step"),
    path("demandes/<int:pk>/pieces/ajouter/", attachments.upload, name="attachment_upload"),
    path("demandes/<int:pk>/pieces/<int:attachment_pk>/", attachments.download, name="attachment_download"),
    path("demandes/<int:pk>/pieces/<int:attachment_pk>/retirer/", attachments.delete, name="attachment_delete"),
]
