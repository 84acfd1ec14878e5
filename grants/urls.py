from django.contrib.auth import views as auth_views
from django.urls import include, path

from .forms.accounts import OutboxPasswordResetForm
from .views import accounts, attachments, invitations, organisations, proposals, steps

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
    path("demandes/<int:pk>/etapes/<slug:slug>/", steps.edit_step, name="proposal_step"),
    path("demandes/<int:pk>/pieces/ajouter/", attachments.upload, name="attachment_upload"),
    path("demandes/<int:pk>/pieces/<int:attachment_pk>/", attachments.download, name="attachment_download"),
    path("demandes/<int:pk>/pieces/<int:attachment_pk>/retirer/", attachments.delete, name="attachment_delete"),
]
