"""Admin: outbox rows are read-only except "renvoyer" (through the service); templates editable with preview."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import LargeTable, ReadOnlyAdmin, values_filter
from core.errors import Refusal

from . import kinds, rendering, rules, sending
from .defaults import default_for
from .models import MessageTemplate, Notification, OutboxMessage, ReminderClaim


@admin.register(OutboxMessage)
class OutboxMessageAdmin(LargeTable, ReadOnlyAdmin):
    list_display = ["created_at", "kind", "to_email", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind", values_filter("language", _("langue"), lambda: settings.LANGUAGES), "created_at"]
    search_fields = ["to_email", "subject", "dedupe_key"]
    actions = ["resend"]

    def has_view_permission(self, request, obj=None):
        return rules.can_view_outbox(request.user)

    def has_module_permission(self, request):
        return rules.can_view_outbox(request.user)

    def get_queryset(self, request):
        program_ids = rules.visible_program_ids(request.user)
        queryset = super().get_queryset(request)
        return queryset if program_ids is None else queryset.filter(program_id__in=program_ids)

    @admin.action(description=_("Renvoyer les messages sélectionnés"))
    def resend(self, request, queryset):
        done = 0
        for message in queryset:
            try:
                done += sending.resend(message, request.user)
            except Refusal:
                continue
        self.message_user(request, _("%(count)s message(s) remis dans la file d'envoi.") % {"count": done},
                          messages.SUCCESS)


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["kind", "language", "subject", "body_text", "body_html"]

    def clean(self):
        data = super().clean()
        kind, language = data.get("kind"), data.get("language")
        if kind and language and data.get("subject") and data.get("body_text"):
            wording = rendering.Wording(data["subject"], data["body_text"], data.get("body_html", ""))
            try:
                rendering.render_wording(kind, language, wording, rendering.sample_context(kind))
            except Exception as error:  # noqa: BLE001 - any template error is the editor's to fix
                raise forms.ValidationError(_("Le modèle ne peut pas être affiché : %(error)s"),
                                            params={"error": error}) from error
        return data


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ["kind", "language", "subject", "updated_at", "updated_by"]
    list_filter = ["language", "kind"]
    readonly_fields = ["placeholders", "preview"]
    fields = ["kind", "language", "subject", "body_text", "body_html", "placeholders", "preview"]

    def _allowed(self, request, obj=None):
        return rules.can_edit_templates(request.user)

    has_module_permission = has_view_permission = has_change_permission = has_delete_permission = _allowed

    def has_add_permission(self, request):
        return rules.can_edit_templates(request.user)

    def get_changeform_initial_data(self, request):
        # ?kind=report_reminder&language=en starts from the shipped default wording.
        initial = super().get_changeform_initial_data(request)
        if initial.get("kind") in kinds.KINDS and initial.get("language") in ("fr", "en"):
            initial["subject"], initial["body_text"] = default_for(initial["kind"], initial["language"])
        return initial

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("Variables disponibles"))
    def placeholders(self, obj):
        if not obj or not obj.kind:
            return _("Enregistrez d'abord le type de message.")
        rows = [(f"{{{{ {name} }}}}", kinds.PLACEHOLDERS[name][0]) for name in kinds.get(obj.kind).all_placeholders]
        return format_html("<ul>{}</ul>", format_html_join("", "<li><code>{}</code> — {}</li>", rows))

    @admin.display(description=_("Aperçu avec des données d'exemple"))
    def preview(self, obj):
        if not obj or not obj.pk:
            return _("L'aperçu s'affiche après l'enregistrement.")
        wording = rendering.Wording(obj.subject, obj.body_text, obj.body_html)
        shown = rendering.render_wording(obj.kind, obj.language, wording, rendering.sample_context(obj.kind))
        return format_html(
            "<p><strong>{}</strong></p><pre style='white-space: pre-wrap'>{}</pre>"
            "<iframe sandbox title='{}' style='width:100%;height:24em;border:1px solid #ccc' srcdoc='{}'></iframe>",
            shown.subject, shown.body_text, _("Aperçu HTML"), shown.body_html)


@admin.register(Notification)
class NotificationAdmin(LargeTable, ReadOnlyAdmin):
    list_display = ["created_at", "user", "message", "read_at"]
    list_select_related = ["user", "message"]


@admin.register(ReminderClaim)
class ReminderClaimAdmin(LargeTable, ReadOnlyAdmin):
    # Read-only on purpose: deleting a claim would let the scan send the same reminder again.
    list_display = ["claimed_at", "source", "object_id", "kind", "occurrence", "scan_date"]
    list_filter = [values_filter("kind", _("type de message"), kinds.choices), "scan_date"]
