from django.db import models
from django.utils.translation import gettext_lazy as _


class Territory(models.Model):
    class Kind(models.TextChoices):
        REGION = "region", _("Région")
        MRC = "mrc", _("MRC")
        MUNICIPALITY = "municipality", _("Municipalité")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=200)
    code = models.CharField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("territoire parent"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def region(self):
        node = self
        while node.parent_id and node.kind != self.Kind.REGION:
            node = node.parent
        return node
