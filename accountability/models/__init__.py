from .agreement import Agreement, PaymentCondition, PaymentTemplateLine, PaymentTranche, ReportTemplateLine
from .report import Report, ReportAttachment, ReportIndicatorResult, ReportKind, ReportSpending

__all__ = [
    "Agreement", "PaymentCondition", "PaymentTemplateLine", "PaymentTranche", "ReportTemplateLine",
    "Report", "ReportAttachment", "ReportIndicatorResult", "ReportKind", "ReportSpending",
]
