"""Privacy pages (Loi 25), included at the site's root by config/urls.py: the public notice, a person's
own data and account closure (next to allauth's pages under /comptes/), the access log."""

from django.urls import path

from .views import privacy

urlpatterns = [
    path("confidentialite/", privacy.notice, name="privacy"),
    path("confidentialite/journal-des-acces/", privacy.access_log_page, name="access_log"),
    path("comptes/mes-donnees/", privacy.personal_data_page, name="personal_data"),
    path("comptes/mes-donnees/telecharger/", privacy.personal_data_download, name="personal_data_download"),
    path("comptes/fermer/", privacy.close_account, name="close_account"),
]
