from django import forms
from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _

from . import access, retention
from .models import AccessLog, ActivityLog, ConfidentialityIncident, RetentionRule, RetentionRun


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services: the admin shows them for support, never changes them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EstimatedCount(Paginator):
    """Pages of a large table's admin list. Unfiltered, on PostgreSQL, its rows are counted by the planner's
    figure for the table (pg_class.reltuples, kept by (auto)vacuum and ANALYZE) once it passes ESTIMATED_FROM,
    and the list says "environ": COUNT(*) read the whole table at each page (25 ms at 960,000 reports, and
    growing with it). Filtered or searched lists are counted up to COUNTED_UP_TO, and say "plus de" beyond:
    a common word matched 288,000 assignments, all counted at each page."""

    ESTIMATED_FROM = 100_000
    COUNTED_UP_TO = 10_000
    estimated = capped = False

    @cached_property
    def count(self):
        rows = self.object_list
        if not rows.query.where:
            if connections[rows.db].vendor == "postgresql":
                with connections[rows.db].cursor() as cursor:
                    cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                                   [rows.model._meta.db_table])
                    found = cursor.fetchone()
                if found and found[0] >= self.ESTIMATED_FROM:
                    self.estimated = True
                    return found[0]
            return super().count
        found = rows.order_by()[:self.COUNTED_UP_TO + 1].count()
        if found > self.COUNTED_UP_TO:
            self.capped = True
            return self.COUNTED_UP_TO
        return found


LISTED_UP_TO = 1_000  # related ids read into a list by a search, beyond which it keeps the subquery


class LargeTable:
    """The admin list of a table that grows without bound (logs, reviews, reports, mail: hundreds of thousands
    of rows and more at a province's scale): newest first by primary key, read from its index; its rows
    counted by the planner's figure when unfiltered (EstimatedCount), no second count of the whole table; 50
    rows a page (each row costs about 0.4 ms to render); dates filtered by period links (list_filter), never
    date_hierarchy, which reads the date of every row to list its years; no filter on a column without
    choices, whose options would be the DISTINCT of every row (values_filter lists known values instead); and
    searched through the related tables' own indexes (search)."""

    ordering = ("-pk",)
    paginator = EstimatedCount
    list_per_page = 50
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        return search(queryset, self.search_fields, search_term), False


def search(queryset, paths, text):
    """The rows with each word of `text` (quoted words kept together, as Django's admin reads them) in one of
    the fields at `paths` (no "^", "=" or "@" prefix), each relation crossed as a subquery of the related
    table's ids: its fields read on its own indexes (the proposals' trigram indexes of title, number and
    organisation's name). Joined, as Django's admin does, a word ORed across two tables read every row of
    both: 1.4 s for a word found nowhere among 288,000 assignments."""
    for word in smart_split(text):
        if word.startswith(('"', "'")) and word[0] == word[-1]:
            word = unescape_string_literal(word)
        queryset = queryset.filter(_in_any(queryset.model, paths, word, listed=True))
    return queryset


def _in_any(model, paths, word, listed=False):
    """`word` in any field at `paths` of `model`. With `listed`, the related ids are read first when they are
    few (a rare word): the list's own foreign-key indexes then find its rows, where a subquery ORed with
    another made PostgreSQL test every row of the list; a common word keeps the subqueries, whose rows come
    early in the list's order."""
    found, related = Q(), {}
    for path in paths:
        if path[:1] in "^=@":
            raise ValueError(f"LargeTable searches contain only, not {path!r}")
        name, _sep, rest = path.partition("__")
        if rest:
            related.setdefault(name, []).append(rest)
        else:
            found |= Q(**{f"{name}__icontains": word})
    for name, rests in related.items():
        field = model._meta.get_field(name)
        target = field.related_model
        # The base manager, as a join reads the related table: every row, whatever its default manager keeps.
        ids = target._base_manager.filter(_in_any(target, rests, word)).order_by().values_list("pk", flat=True)
        if listed:
            few = list(ids[:LISTED_UP_TO + 1])
            ids = few if len(few) <= LISTED_UP_TO else ids
        found |= Q(**{f"{field.attname}__in": ids})
    return found


def values_filter(field, title, choices):
    """A list filter on `field` offering the (value, label) pairs `choices()` returns (read when the page is,
    after every app registered its own) without reading the table."""
    return type(f"{field.title()}Filter", (admin.SimpleListFilter,), {
        "title": title, "parameter_name": field,
        "lookups": lambda self, request, model_admin: list(choices()),
        "queryset": lambda self, request, queryset: queryset.filter(**{field: self.value()}) if self.value()
        else queryset,
    })


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ActivityLog)
class ActivityLogAdmin(LargeTable, ReadOnlyAdmin):
    list_display = ["created_at", "content_type", "object_id", "action", "from_state", "to_state", "actor"]
    list_filter = ["content_type", "created_at"]
    search_fields = ["action", "comment"]
    list_select_related = ["content_type", "actor"]


# --- Privacy (Loi 25): admins only, whatever other admin access a person has ------------------------------


class AdminOnly:
    """Only admins (superusers) see these pages, even staff that the manager role lets into the admin."""

    def _is_admin(self, request, obj=None):
        return access.is_admin(request.user)

    has_module_permission = _is_admin
    has_view_permission = _is_admin


@admin.register(AccessLog)
class AccessLogAdmin(AdminOnly, LargeTable, ReadOnlyAdmin):
    list_display = ["created_at", "user", "what", "content_type", "object_id", "program_id"]
    list_filter = ["what", "content_type", "created_at"]
    search_fields = ["user__email"]
    list_select_related = ["content_type", "user"]


class RetentionRuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = ["days", "active"]


@admin.register(RetentionRule)
class RetentionRuleAdmin(AdminOnly, admin.ModelAdmin):
    """One rule per kind the apps registered (created by `migrate`); admins set the days and switch it."""

    form = RetentionRuleForm
    list_display = ["kind", "label", "days", "active", "updated_at"]
    list_editable = ["days", "active"]
    readonly_fields = ["kind", "label", "description", "updated_at"]
    fields = ["kind", "label", "description", "days", "active", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return access.is_admin(request.user)

    def changelist_view(self, request, extra_context=None):
        retention.ensure_rules()  # a kind registered since the last migrate gets its rule
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("Données visées et traitement"))
    def label(self, obj):
        return retention.label(obj.kind)

    @admin.display(description=_("Précisions"))
    def description(self, obj):
        kind = retention.get(obj.kind)
        return kind.description if kind else ""


@admin.register(RetentionRun)
class RetentionRunAdmin(AdminOnly, ReadOnlyAdmin):
    list_display = ["ran_at", "kind", "days", "cutoff", "count", "dry_run", "source"]
    list_filter = ["kind", "dry_run", "source"]
    date_hierarchy = "ran_at"


@admin.register(ConfidentialityIncident)
class ConfidentialityIncidentAdmin(AdminOnly, admin.ModelAdmin):
    """The incident register: admins record and complete entries; an entry is never deleted."""

    list_display = ["detected_on", "nature", "people_affected_count", "serious_harm_risk",
                    "commission_notified_on", "people_notified_on", "recorded_by"]
    list_filter = ["nature", "serious_harm_risk"]
    search_fields = ["description", "measures_taken"]
    date_hierarchy = "detected_on"
    readonly_fields = ["recorded_by", "recorded_at", "updated_at"]
    fieldsets = [
        (_("Incident"), {"fields": ["detected_on", "occurred_on", "nature", "description"]}),
        (_("Personnes concernées"), {"fields": ["people_affected_count", "people_affected_description"]}),
        (_("Risque de préjudice sérieux"), {"fields": ["serious_harm_risk", "risk_assessment"]}),
        (_("Avis"), {"fields": ["commission_notified_on", "commission_notice", "people_notified_on",
                                "people_notice"]}),
        (_("Mesures"), {"fields": ["measures_taken"]}),
        (_("Suivi"), {"fields": ["recorded_by", "recorded_at", "updated_at"]}),
    ]

    def has_add_permission(self, request):
        return access.is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return access.is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
