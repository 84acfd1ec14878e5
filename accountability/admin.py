from django.contrib import admin

from core.admin import LargeTable, ReadOnlyAdmin

from .models import Agreement, PaymentTemplateLine, PaymentTranche, Report, ReportQuestion, ReportTemplateLine

# Call templates are configuration, edited here. Agreements, tranches and reports change only through
# accountability.services (their pages), so the admin shows them read-only.


@admin.register(PaymentTemplateLine)
class PaymentTemplateLineAdmin(admin.ModelAdmin):
    list_display = ["call", "order", "percent", "condition", "months_offset"]
    list_filter = ["call__program", "condition"]
    search_fields = ["call__title"]
    autocomplete_fields = ["call"]


@admin.register(ReportTemplateLine)
class ReportTemplateLineAdmin(admin.ModelAdmin):
    list_display = ["call", "kind", "months_after_start", "days_after_end"]
    list_filter = ["call__program", "kind"]
    search_fields = ["call__title"]
    autocomplete_fields = ["call"]


@admin.register(ReportQuestion)
class ReportQuestionAdmin(admin.ModelAdmin):
    """A funder's own questions in the reports of its call's projects (accountability.shared_reports)."""

    list_display = ["label_fr", "call", "order", "required"]
    list_filter = ["call__program", "required"]
    search_fields = ["label_fr", "label_en", "call__title"]
    autocomplete_fields = ["call"]


class TrancheInline(admin.TabularInline):
    model = PaymentTranche
    extra = 0
    fields = ["order", "amount", "condition", "due_on", "report", "state", "paid_on", "payment_reference"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(LargeTable, ReadOnlyAdmin):
    list_display = ["proposal", "amount_granted", "starts_on", "ends_on", "signed_on"]
    list_filter = ["proposal__call__program"]
    search_fields = ["proposal__title", "proposal__reference", "proposal__organisation_name"]
    list_select_related = ["proposal"]
    inlines = [TrancheInline]


@admin.register(Report)
class ReportAdmin(LargeTable, ReadOnlyAdmin):
    list_display = ["agreement", "kind", "order", "due_on", "state", "submitted_at", "accepted_at"]
    list_filter = ["state", "kind", "agreement__proposal__call__program", "due_on"]
    search_fields = ["agreement__proposal__title", "agreement__proposal__reference"]
    list_select_related = ["agreement__proposal"]
