"""Django admin for the configuration data (programs, calls, territories) and people.

Proposal is registered by the workflow app, with its transition actions.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from core import access, personal_data
from core.admin import ReadOnlyAdmin

from . import models
from .forms.steps import BY_SLUG
from .models.call import INTENT_STEPS
from .models.question import CONTENT_FIELDS
from .services import questions as question_services
from .services import reservations as reservation_services
from .services import roles as role_services


@admin.register(models.Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


class AxisInline(admin.TabularInline):
    model = models.Axis
    extra = 0
    fields = ["order", "code", "name_fr", "name_en"]


class ReservationForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.envelope_checked_elsewhere = True  # ReservationFormSet.clean sums all the rows


class ReservationFormSet(forms.BaseInlineFormSet):
    """Checks every row against the program being saved (its new envelope, its region) and the sum of
    each dimension over the rows as submitted."""

    def clean(self):
        super().clean()
        totals = {}
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk or self._should_delete_form(form):
                continue
            reservation = form.instance
            for field, message in reservation.target_errors(self.instance).items():
                form.add_error(field, message)
            if reservation.amount is not None:
                totals[reservation.dimension] = totals.get(reservation.dimension, 0) + reservation.amount
        for dimension, total in totals.items():
            if self.instance.envelope is not None and total > self.instance.envelope:
                probe = models.EnvelopeReservation(dimension=dimension)
                raise forms.ValidationError(probe.over_message(total - self.instance.envelope))


class ReservationInline(admin.TabularInline):
    model = models.EnvelopeReservation
    form = ReservationForm
    formset = ReservationFormSet
    extra = 0
    fields = ["dimension", "territory", "axis", "amount"]
    autocomplete_fields = ["territory"]


@admin.register(models.Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "region", "envelope", "starts_on", "ends_on"]
    search_fields = ["code", "name_fr", "name_en"]
    filter_horizontal = ["local_plans"]
    inlines = [AxisInline, ReservationInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not models.EnvelopeReservation:
            return super().save_formset(request, form, formset, change)
        saved = formset.save(commit=False)  # fills formset.deleted_objects without deleting them
        reservation_services.save_reservations(form.instance, request.user, saved=saved,
                                               removed=formset.deleted_objects)
        return saved


class PriorityInline(admin.TabularInline):
    model = models.Priority
    extra = 0
    fields = ["order", "text"]


@admin.register(models.LocalPlan)
class LocalPlanAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [PriorityInline]


class CallForm(forms.ModelForm):
    # The letter of intent's steps as boxes to tick, rather than the JSON list the model stores.
    intent_sections = forms.MultipleChoiceField(
        label=_("Sections de la lettre d'intention"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(slug, BY_SLUG[slug].title) for slug in INTENT_STEPS],
        help_text=_("Appel en deux étapes : les étapes du formulaire demandées dès la lettre d'intention ; les "
                    "autres ne s'affichent qu'après la présélection."))


@admin.register(models.Call)
class CallAdmin(admin.ModelAdmin):
    form = CallForm
    list_display = ["title", "program", "opens_at", "closes_at", "max_amount", "requires_verified_organisation",
                    "two_stage"]
    list_filter = ["program", "two_stage"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["eligible_territories", "required_attachment_types"]


class LibraryQuestionForm(forms.ModelForm):
    class Meta:
        model = models.LibraryQuestion
        fields = ["program", *CONTENT_FIELDS]

    def clean(self):
        # The rules a call's question follows (grants.services.questions), since calls copy it as it is.
        cleaned = super().clean()
        for problem in question_services.check_content({name: cleaned.get(name) for name in CONTENT_FIELDS}):
            self.add_error(None, problem)
        return cleaned


@admin.register(models.LibraryQuestion)
class LibraryQuestionAdmin(admin.ModelAdmin):
    """The library of reusable questions; a call's own questions are managed on its staff page, which
    versions them (grants.views.questions)."""

    form = LibraryQuestionForm
    list_display = ["label_fr", "kind", "program", "required"]
    list_filter = ["program", "kind"]
    search_fields = ["label_fr", "label_en"]


@admin.register(models.AttachmentType)
class AttachmentTypeAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "code"]
    search_fields = ["name_fr", "code"]


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name = _("membre")
    verbose_name_plural = _("membres")


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "neq", "kind", "territory", "city", "verified_at"]
    list_select_related = ["territory"]
    list_filter = ["kind", "territory", ("verified_at", admin.EmptyFieldListFilter)]
    search_fields = ["legal_name", "neq", "city"]
    autocomplete_fields = ["territory", "municipality"]
    # Verification is program staff's, through grants.services.organisations.verify_organisation (logged).
    readonly_fields = ["verified_at", "verified_by"]
    inlines = [MembershipInline]


@admin.register(models.JoinRequest)
class JoinRequestAdmin(ReadOnlyAdmin):
    """Written by the members' answers only (grants.services.organisations); shown here for support."""

    list_display = ["organisation", "person", "state", "created_at", "decided_by", "decided_at"]
    list_filter = ["state"]
    search_fields = ["organisation__legal_name", "person__email"]
    list_select_related = ["organisation", "person", "decided_by"]


class ConcertoUserCreationForm(UserCreationForm):
    class Meta:
        model = models.User
        fields = ["email", "full_name", "language"]


class ConcertoUserChangeForm(UserChangeForm):
    class Meta:
        model = models.User
        fields = "__all__"


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    form = ConcertoUserChangeForm
    add_form = ConcertoUserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Renseignements personnels"), {"fields": ["full_name", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates importantes"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "language", "password1", "password2"]}),
    ]
    actions = ["close_accounts"]

    @admin.action(description=_("Fermer et anonymiser les comptes sélectionnés (Loi 25)"))
    def close_accounts(self, request, queryset):
        """On a person's written request: the same closure as their own page (core.personal_data)."""
        if not access.is_admin(request.user):
            raise PermissionDenied
        for user in queryset:
            personal_data.close_account(user, request.user)
        self.message_user(request, _("%(count)s compte(s) fermé(s) et anonymisé(s).") % {"count": queryset.count()},
                          messages.SUCCESS)


@admin.register(models.ProgramRole)
class ProgramRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "program", "role"]
    list_filter = ["program", "role"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user", "program"]
    filter_horizontal = ["expertise"]

    # Through the service: a manager role also opens the admin pages for message templates.
    def save_model(self, request, obj, form, change):
        role_services.save_program_role(request.user, obj)

    def delete_model(self, request, obj):
        role_services.remove_program_role(request.user, obj.user, obj.program, obj.role)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("user", "program"):
            self.delete_model(request, obj)
