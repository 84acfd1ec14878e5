from .agreement import Agreement, PaymentCondition, PaymentTemplateLine, PaymentTranche, ReportTemplateLine
from .report import Report, ReportAttachment, ReportIndicatorResult, ReportKind, ReportSpending
from .report_question import ReportAnswer, ReportQuestion
from .results import IndicatorTotal, ReachedByAxis, ReachedByMrc

__all__ = [
    "Agreement", "IndicatorTotal", "PaymentCondition", "PaymentTemplateLine", "PaymentTranche", "ReachedByAxis",
    "ReachedByMrc", "ReportTemplateLine", "Report", "ReportAnswer", "ReportAttachment", "ReportIndicatorResult",
    "ReportKind", "ReportQuestion", "ReportSpending",
]
