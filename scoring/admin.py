from django import forms
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.admin import LargeTable, ReadOnlyAdmin, ReadOnlyInline
from grants.models import CallQuestion

from .models import ConflictDeclaration, Criterion, DeclaredTie, Review, ReviewerAssignment, Rubric, Score
from .services import assignments as assignment_services
from .services import rubrics as rubric_services


class RubricAdminForm(forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["call", "title", "reviews_visible_before_submit"]

    def clean(self):
        if self.instance.pk and self.instance.is_locked:
            raise forms.ValidationError(rubric_services.LOCKED_MESSAGE)
        return super().clean()


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "section", "axis", "label", "weight", "scale_max", "eliminatory", "guidance", "question"]

    def get_formset(self, request, obj=None, **kwargs):
        # Only the questions of the rubric's own call (none before the rubric has one).
        formset = super().get_formset(request, obj, **kwargs)
        if "question" in formset.form.base_fields:
            formset.form.base_fields["question"].queryset = (
                CallQuestion.objects.filter(call_id=obj.call_id, retired_at__isnull=True).select_related("current")
                if obj is not None else CallQuestion.objects.none())
        return formset

    # A locked rubric shows its criteria read-only: the edit is refused, not silently ignored.
    def has_add_permission(self, request, obj=None):
        return not (obj and obj.is_locked) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.is_locked) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.is_locked) and super().has_delete_permission(request, obj)


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    form = RubricAdminForm
    inlines = [CriterionInline]
    list_display = ["title", "call", "version", "locked", "created_at"]
    list_filter = ["call__program"]
    search_fields = ["title", "call__title"]
    actions = ["make_new_version"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["version"]
        if obj.is_locked:
            return ["call", "version", "title", "reviews_visible_before_submit"]
        return ["call", "version"]

    def get_queryset(self, request):
        submitted = Review.objects.filter(rubric=OuterRef("pk"), state=Review.State.SUBMITTED)
        return super().get_queryset(request).select_related("call").annotate(has_submitted=Exists(submitted))

    @admin.display(boolean=True, description=_("verrouillée"))
    def locked(self, obj):
        return obj.has_submitted

    def save_model(self, request, obj, form, change):
        if change:
            changed = {name: form.cleaned_data[name] for name in form.changed_data}
            if changed:
                rubric_services.update_rubric(obj, request.user, **changed)
            return
        created = rubric_services.create_rubric(
            obj.call, request.user, title=obj.title,
            reviews_visible_before_submit=obj.reviews_visible_before_submit)
        obj.pk, obj.version, obj.created_at = created.pk, created.version, created.created_at
        obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for criterion in formset.deleted_objects:
            rubric_services.delete_criterion(criterion, request.user)
        for criterion in instances:
            rubric_services.save_criterion(criterion, request.user)

    @admin.action(description=_("Créer une nouvelle version"))
    def make_new_version(self, request, queryset):
        for rubric in queryset.select_related("call"):
            copy = rubric_services.new_version(rubric, request.user)
            self.message_user(request, _("Version %(version)s créée pour « %(title)s ».")
                              % {"version": copy.version, "title": copy.title}, messages.SUCCESS)


class ScoreInline(ReadOnlyInline):
    model = Score
    fields = ["criterion", "value", "passed", "comment"]
    readonly_fields = fields


@admin.register(Review)
class ReviewAdmin(LargeTable, ReadOnlyAdmin):
    inlines = [ScoreInline]
    list_display = ["proposal", "reviewer", "state", "weighted_total", "recommendation", "submitted_at"]
    list_filter = ["state", "proposal__call"]
    search_fields = ["proposal__title", "reviewer__email"]
    list_select_related = ["proposal", "reviewer"]


@admin.register(ReviewerAssignment)
class ReviewerAssignmentAdmin(LargeTable, ReadOnlyAdmin):
    list_display = ["proposal", "reviewer", "state", "due_on", "assigned_by", "assigned_at"]
    list_filter = ["state", "proposal__call"]
    search_fields = ["proposal__title", "reviewer__email"]
    list_select_related = ["proposal", "reviewer", "assigned_by"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(LargeTable, ReadOnlyAdmin):
    list_display = ["assignment", "has_conflict", "declared_at"]
    list_filter = ["has_conflict"]
    list_select_related = ["assignment__proposal", "assignment__reviewer"]


@admin.register(DeclaredTie)
class DeclaredTieAdmin(admin.ModelAdmin):
    list_display = ["reviewer", "organisation", "recorded_by", "recorded_at"]
    fields = ["reviewer", "organisation", "note"]
    search_fields = ["reviewer__email", "organisation__legal_name"]
    # Thousands of people and organisations: searched as typed, never every one in the page.
    autocomplete_fields = ["reviewer", "organisation"]
    list_select_related = ["reviewer", "organisation", "recorded_by"]

    def save_model(self, request, obj, form, change):
        tie = assignment_services.record_tie(obj.reviewer, obj.organisation, request.user, note=obj.note)
        obj.pk = tie.pk
        obj._state.adding = False
