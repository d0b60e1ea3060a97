# ruff: noqa: RUF012  (Django Meta options are declarative class attributes)
"""Each collected version's table cells as rows, so a sum over many agencies is one SQL aggregate."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_web.supervision.models import CollectedVersion


class VersionCell(models.Model):
    """One cell of a collected version: its stable key (``requests.received.total``) and value (``NULL``:
    blank in the report). Written when the version is filed (:mod:`gongkai_web.summaries.cells`)."""

    version = models.ForeignKey(
        CollectedVersion, verbose_name=_("报告版本"), on_delete=models.CASCADE, related_name="cells"
    )
    key = models.CharField(_("单元格"), max_length=80)
    value = models.FloatField(_("数值"), null=True, blank=True)

    class Meta:
        verbose_name = _("报告单元格")
        verbose_name_plural = _("报告单元格")
        # the 汇总's queries all select by version (``version_id IN …``, with or without keys): the unique
        # index serves them. An index by key first served none measurably (bench/summaries.py, both engines)
        # and made each filed version's ~200 cells touch ~200 pages of it (2 ms of the intake's commit)
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="version_cell_unique")]

    def __str__(self) -> str:
        return f"{self.version} {self.key}"
