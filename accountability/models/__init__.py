from .agreement import Agreement, PaymentCondition, PaymentTemplateLine, PaymentTranche, ReportTemplateLine
from .report import Report, ReportAttachment, ReportIndicatorResult, ReportKind, ReportSpending
from .report_question import ReportAnswer, ReportQuestion

__all__ = [
    "Agreement", "PaymentCondition", "PaymentTemplateLine", "PaymentTranche", "ReportTemplateLine",
    "Report", "ReportAnswer", "ReportAttachment", "ReportIndicatorResult", "ReportKind", "ReportQuestion",
    "ReportSpending",
]
