"""The public portal (no sign-in): programs, funded projects, open data; and the staff page that holds a
project's publication back. URL names start with "public_" where core.middleware exempts them from the
staff's second factor (a public page asks for no sign-in at all)."""

from django.urls import path

from .views import open_data, public, staff

app_name = "portal"
urlpatterns = [
    path("", public.index, name="public_index"),
    path("donnees/", public.open_data, name="public_open_data"),
    path("donnees/projets.csv", open_data.projects_csv, name="public_projects_csv"),
    path("donnees/projets.json", open_data.projects_json, name="public_projects_json"),
    path("donnees/<slug:code>/projets.csv", open_data.projects_csv, name="public_program_csv"),
    path("donnees/<slug:code>/projets.json", open_data.projects_json, name="public_program_json"),
    path("gestion/demandes/<int:pk>/publication/", staff.publication_page, name="publication"),
    path("<slug:code>/", public.program, name="public_program"),
]
