"""A funder's own questions in its reports (a call's), beyond the report's standard sections.

The report form asks them; for a shared application (grants.funders) the one report the organisation
files asks every funding funder's questions, and each funder's copy holds every answer
(accountability.shared_reports). Answers are text: a report's figures have their own sections.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.languages import in_reader_language


class ReportQuestion(models.Model):
    call = models.ForeignKey("grants.Call", verbose_name=_("appel"), on_delete=models.CASCADE,
                             related_name="report_questions")
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    label_fr = models.CharField(_("question (français)"), max_length=300)
    label_en = models.CharField(_("question (anglais)"), max_length=300, blank=True)
    help_fr = models.CharField(_("aide (français)"), max_length=500, blank=True)
    help_en = models.CharField(_("aide (anglais)"), max_length=500, blank=True)
    required = models.BooleanField(_("réponse obligatoire pour déposer le rapport"), default=False)

    class Meta:
        verbose_name = _("question des rapports")
        verbose_name_plural = _("questions des rapports")
        ordering = ["call", "order", "id"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return in_reader_language(self.label_fr, self.label_en)

    @property
    def help(self):
        return in_reader_language(self.help_fr, self.help_en)


class ReportAnswer(models.Model):
    report = models.ForeignKey("accountability.Report", verbose_name=_("rapport"), on_delete=models.CASCADE,
                               related_name="answers")
    question = models.ForeignKey(ReportQuestion, verbose_name=_("question"), on_delete=models.PROTECT,
                                 related_name="answers")
    text = models.TextField(_("réponse"), blank=True)

    class Meta:
        verbose_name = _("réponse à une question des rapports")
        verbose_name_plural = _("réponses aux questions des rapports")
        ordering = ["question__order", "question_id"]
        constraints = [models.UniqueConstraint(fields=["report", "question"], name="report_answer_once")]

    def __str__(self):
        return self.text
