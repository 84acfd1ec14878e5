"""The program dashboard: its filters and its charts, drawn from reporting.selectors and from scoring's own
reading of the envelope (commitments: committed, recommended, left of each reservation)."""

from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_date
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accountability.models import ReportKind
from core.money import format_money
from grants.models import Call, Organisation
from grants.states import State
from scoring.services.decisions import commitments

from . import selectors
from .charts import Chart, Series, babel_locale, format_number
from .selectors import Scope

NO_AXIS = _("Sans axe principal")
FLOW_LABELS = {"submit": _("Demandes déposées"), "recommend": _("Recommandations"),
               "approve": _("Financements accordés"), "decline": _("Refus")}


class DashboardFilters(forms.Form):
    programme = forms.ChoiceField(label=_("Programme"))
    call = forms.ModelChoiceField(label=_("Appel de projets"), queryset=None, required=False,
                                  empty_label=_("Tous les appels"))
    year = forms.TypedChoiceField(label=_("Année"), required=False, coerce=int, empty_value=None)

    def __init__(self, programs, program, data):
        data = data.copy()
        data["programme"] = program.code  # chosen (and checked) by the view
        super().__init__(data)
        self.program = program
        self.fields["programme"].choices = [(choice.code, choice.name) for choice in programs]
        self.fields["call"].queryset = Call.objects.filter(program=program).order_by("-opens_at").only("pk", "title")
        years = range(program.ends_on.year, program.starts_on.year - 1, -1)
        self.fields["year"].choices = [("", _("Toutes les années")), *((year, str(year)) for year in years)]

    def scope(self):
        """The filters that hold; a call of another program or a year out of range is shown as an error and
        left out."""
        self.is_valid()
        return Scope(self.program, self.cleaned_data.get("call"), self.cleaned_data.get("year"))


def chosen_program(user, code):
    """The programs the person may read and the one asked for (the first one by default).

    403 for whoever is staff of no program, as on the analysis queue; 404 for a program that is not theirs
    (or no program at all for an admin)."""
    if not user.has_perm("reporting.view_dashboards"):
        raise PermissionDenied
    programs = list(selectors.dashboard_programs(user))
    program = next((p for p in programs if p.code == code), None) if code else next(iter(programs), None)
    if program is None or not user.has_perm("reporting.view_dashboard", program):
        raise Http404
    return programs, program


def _axis_label(names, axis_id):
    return names.get(axis_id, NO_AXIS) if axis_id is not None else NO_AXIS


def _by_axis_order(names):
    order = {axis_id: position for position, axis_id in enumerate(names)}
    return lambda axis_id: order.get(axis_id, len(order))


@dataclass(frozen=True)
class Figures:
    """What the charts show but the envelope, as the selectors read it, and when."""

    computed_at: datetime
    pipeline: selectors.Pipeline
    organisations: list
    reports: list
    indicators: list
    participants: list


def figures(scope, today, *, refresh=False):
    """The figures of the scope, read from the database, or as read less than CONCERTO_DASHBOARD_CACHE_SECONDS
    ago: each sums a whole program's history, reports and indicators (4.5 s at 100,000 proposals and 960,000
    reports), the same for every reader of the program (the page checks who reads it before). The shared
    cache keeps them under the program, call, year and day (late reports are counted against today);
    `refresh` reads them again (reporting.tasks.warm_dashboards keeps each program's whole view warm)."""
    seconds = settings.CONCERTO_DASHBOARD_CACHE_SECONDS
    key = (f"reporting:dashboard:{scope.program.pk}:{scope.call.pk if scope.call else ''}:{scope.year or ''}:"
           f"{today.isoformat()}")
    found = cache.get(key) if seconds and not refresh else None
    if found is None:
        found = Figures(timezone.now(), selectors.pipeline(scope, today), selectors.by_organisation_kind(scope),
                        selectors.reports_by_kind(scope, today), selectors.indicators_by_axis(scope),
                        selectors.participants_by_axis(scope))
        if seconds:
            cache.set(key, found, seconds)
    return found


def pipeline_charts(scope, data):
    locale = babel_locale()
    months = tuple(format_date(month, "MMMM y", locale=locale) for month in data.months)
    short = tuple(format_date(month, "MMM" if scope.year else "MMM y", locale=locale) for month in data.months)
    stock = Chart(
        "pipeline", "columns", _("Demandes dans chaque état à la fin du mois"),
        _("Nombre de demandes du programme dans chaque état à la fin de chaque mois, d'après l'historique des "
          "transitions (les brouillons ne sont pas comptés)."),
        _("Mois"), months, tuple(Series(str(State(state).label), tuple(values)) for state, values in data.stock.items()),
        short=short)
    flows = Chart(
        "flows", "line", _("Dépôts, recommandations et décisions par mois"),
        _("Nombre de premiers dépôts, de recommandations, de financements accordés et de refus pendant chaque mois."),
        _("Mois"), months, tuple(Series(str(FLOW_LABELS[name]), tuple(data.flows[name])) for name in selectors.FLOWS),
        short=short)
    return {"stock": stock, "flows": flows}


def envelope_charts(program):
    summary = commitments(program)

    def chart(key, title, heading, lines):
        return Chart(
            key, "grouped", title,
            _("Montants engagés (projets financés), recommandés en attente de décision et restant de la réservation "
              "d'enveloppe, s'il y en a une."),
            heading, tuple(line.label for line in lines), (
                Series(str(_("Engagé")), tuple(line.committed for line in lines)),
                Series(str(_("Recommandé, en attente de décision")), tuple(line.pending for line in lines)),
                Series(str(_("Reste de la réservation")), tuple(line.remaining for line in lines)),
                Series(str(_("Réservé")), tuple(line.reserved for line in lines), in_chart=False),
                Series(str(_("Projets financés")), tuple(line.count for line in lines), format_number, False),
            ), fmt=format_money)

    return {
        "summary": summary,
        "by_mrc": chart("envelope-mrc", _("Enveloppe par MRC"), _("MRC"), summary["by_mrc"]),
        "by_axis": chart("envelope-axis", _("Enveloppe par axe principal"), _("Axe"), summary["by_axis"]),
    }


def organisation_charts(found):
    kinds = list(Organisation.Kind)
    rows = sorted(found, key=lambda row: kinds.index(row["kind"]))
    labels = tuple(str(Organisation.Kind(row["kind"]).label) for row in rows)
    counts = Chart(
        "organisation-counts", "bar", _("Demandes déposées par type d'organisme"),
        _("Nombre de demandes déposées par type d'organisme porteur."), _("Type d'organisme"), labels, (
            Series(str(_("Demandes déposées")), tuple(row["proposals"] for row in rows)),
            Series(str(_("Demandes financées")), tuple(row["funded"] for row in rows), in_chart=False),
        ), totals_row=True)
    amounts = Chart(
        "organisation-amounts", "grouped", _("Montants demandés et accordés par type d'organisme"),
        _("Montant demandé par les demandes déposées et montant accordé aux projets financés, par type "
          "d'organisme porteur."), _("Type d'organisme"), labels, (
            Series(str(_("Montant demandé")), tuple(row["requested"] for row in rows)),
            Series(str(_("Montant accordé")), tuple(row["granted"] or 0 for row in rows)),
        ), fmt=format_money, totals_row=True)
    return {"counts": counts, "amounts": amounts}


def reports_chart(found):
    kinds = list(ReportKind)
    rows = sorted(found, key=lambda row: kinds.index(row["kind"]))
    return Chart(
        "reports", "stacked", _("Rapports par état"),
        _("Rapports des projets financés : en retard (échéance passée, pas encore déposés), à produire, déposés "
          "en attente d'analyse et acceptés, par type de rapport."),
        _("Type de rapport"), tuple(str(ReportKind(row["kind"]).label) for row in rows), (
            Series(str(_("En retard")), tuple(row["late"] for row in rows)),
            Series(str(_("À produire")), tuple(row["due"] for row in rows)),
            Series(str(_("Déposés, en attente d'analyse")), tuple(row["submitted"] for row in rows)),
            Series(str(_("Acceptés")), tuple(row["accepted"] for row in rows)),
        ), totals_row=True)


def indicators_chart(found, names):
    order = _by_axis_order(names)
    lines = sorted(found, key=lambda line: (order(line.axis_id), line.unit.lower()))
    return Chart(
        "indicators", "grouped", _("Indicateurs : cibles et résultats par axe"),
        _("Somme des cibles des indicateurs des projets financés et somme des résultats de leur dernier rapport "
          "accepté, par axe principal et par unité."),
        _("Axe et unité"), tuple(f"{_axis_label(names, line.axis_id)} — {line.unit}" for line in lines), (
            Series(str(_("Cible")), tuple(line.target for line in lines)),
            Series(str(_("Atteint")), tuple(line.actual for line in lines)),
            Series(str(_("Indicateurs")), tuple(line.indicators for line in lines), in_chart=False),
            Series(str(_("Avec un résultat accepté")), tuple(line.reported for line in lines), in_chart=False),
            Series(str(_("Cible atteinte")), tuple(line.reached for line in lines), in_chart=False),
        ))


def participants_chart(found, names):
    order = _by_axis_order(names)
    rows = sorted(found, key=lambda row: order(row["axis_id"]))
    return Chart(
        "participants", "stacked", _("Personnes rejointes selon le genre (ADS+)"),
        _("Participantes et participants rejoints selon le dernier rapport accepté de chaque projet, par axe "
          "principal."),
        _("Axe"), tuple(str(_axis_label(names, row["axis_id"])) for row in rows), (
            Series(str(_("Femmes")), tuple(row["women"] or 0 for row in rows)),
            Series(str(_("Hommes")), tuple(row["men"] or 0 for row in rows)),
            Series(str(_("Autres identités")), tuple(row["other"] or 0 for row in rows)),
            Series(str(_("Projets (rapports acceptés)")), tuple(row["projects"] for row in rows), in_chart=False),
        ), totals_row=True)


def sections(scope, today):
    names = selectors.axis_names(scope.program)
    found = figures(scope, today)
    return {
        "computed_at": found.computed_at,
        "pipeline": pipeline_charts(scope, found.pipeline),
        # Kept up to date by every write (grants.CommitmentTotal): read at each request.
        "envelope": envelope_charts(scope.program),
        "organisations": organisation_charts(found.organisations),
        "reports": reports_chart(found.reports),
        "indicators": indicators_chart(found.indicators, names),
        "participants": participants_chart(found.participants, names),
    }
