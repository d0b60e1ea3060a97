# ruff: noqa: RUF012  (Django Meta and ModelAdmin options are declarative class attributes)
"""The agency tree, the people who work in it (one role each) and the audit log of every state change."""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.lookups import GreaterThanOrEqual, LessThan, StartsWith
from django.utils.translation import gettext_lazy as _

from gongkai.clock import AgencyKind

INDEX_PATTERN_FIELDS = ("code", "year", "seq", "category")


def validate_index_pattern(pattern: str) -> None:
    """A 索引号 pattern must number each document (``{seq}``) and use only the known fields, else a
    :class:`ValidationError` in Chinese (without ``{seq}`` a year's second document repeats the first's)."""
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise ValidationError(_("索引号格式无效：花括号须成对出现"), code="index_pattern") from exc
    unknown = sorted(n for n in names if n not in INDEX_PATTERN_FIELDS)
    if unknown:
        raise ValidationError(
            _("索引号格式中有未知的项目 %(names)s；可用 {code}、{year}、{seq}、{category}")
            % {"names": "、".join(f"{{{n}}}" for n in unknown)},
            code="index_pattern",
        )
    if "seq" not in names:
        raise ValidationError(
            _("索引号格式须包含序号 {seq}，否则同一年度的文件索引号会重复"), code="index_pattern"
        )
    try:
        pattern.format(code="CODE", year=2024, seq=1, category="cat")
    except (ValueError, KeyError, IndexError, AttributeError) as exc:
        raise ValidationError(_("索引号格式无效：%(error)s") % {"error": exc}, code="index_pattern") from exc


class Agency(models.Model):
    """A government or one of its departments. ``path`` (``/1/4/``) makes "this agency and those below" one
    indexed prefix query."""

    name = models.CharField(_("机构名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    code = models.CharField(
        _("机构代码"),
        max_length=40,
        unique=True,
        help_text=_("用于生成索引号，如统一社会信用代码或组织机构代码"),
    )
    kind = models.CharField(
        _("机构类别"),
        max_length=12,
        choices=[(k.value, k.label_zh) for k in AgencyKind],
        default=AgencyKind.DEPARTMENT.value,
        help_text=_("决定年度报告的公布期限（条例第四十九条）：政府部门1月31日前，本级人民政府3月31日前"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    website = models.URLField(_("网站"), max_length=300, blank=True)
    report_url = models.URLField(
        _("年报栏目网址"),
        max_length=300,
        blank=True,
        help_text=_("政府信息公开平台上“政府信息公开年报”栏目的网址（常含 zfxxgknb）"),
    )
    index_pattern = models.CharField(
        _("索引号格式"),
        max_length=80,
        blank=True,
        help_text=_("可用 {code} 机构代码、{year} 年份、{seq} 序号、{category} 类别代码；留空使用系统默认"),
    )
    accepts_applications = models.BooleanField(_("受理网上申请"), default=True)
    address = models.CharField(_("受理地址"), max_length=200, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.index_pattern:
            try:
                validate_index_pattern(self.index_pattern)
            except ValidationError as exc:
                raise ValidationError({"index_pattern": exc.messages}) from exc

    def save(self, *args: Any, **kwargs: Any) -> None:
        creating = self.pk is None
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if creating or path != self.path:
            old = self.path
            self.path = path
            Agency.objects.filter(pk=self.pk).update(path=path)
            if old and not creating:
                for child in Agency.objects.filter(path__under=old).exclude(pk=self.pk):
                    child.save()

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2


class Under(models.Lookup):  # type: ignore[type-arg]
    """``path__under=p`` (through any relation: ``agency__path__under``): the agency whose path is ``p`` and
    every agency below it, by an indexed prefix. PostgreSQL: ``LIKE 'p%'``, served by the column's pattern
    index; SQLite: a range on the bytes (its LIKE is case-insensitive, and no index serves it)."""

    lookup_name = "under"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        if not isinstance(self.rhs, str):
            raise TypeError("path__under takes a path (text)")
        if connection.vendor == "postgresql":
            return compiler.compile(StartsWith(self.lhs, self.rhs))  # type: ignore[no-any-return]
        low, low_params = compiler.compile(GreaterThanOrEqual(self.lhs, self.rhs))
        high, high_params = compiler.compile(LessThan(self.lhs, self.rhs + "\U0010ffff"))
        return f"({low} AND {high})", [*low_params, *high_params]


Agency._meta.get_field("path").register_lookup(Under)


class Role(models.TextChoices):
    REGISTRAR = "registrar", _("登记")
    HANDLER = "handler", _("承办")
    APPROVER = "approver", _("审核")
    REVIEWER = "reviewer", _("保密审查")
    SUPERVISOR = "supervisor", _("监督")
    ADMIN = "admin", _("系统管理员")


class User(AbstractUser):
    """A member of staff: one agency, one role. Admins see every agency; supervisors
    the agencies below theirs."""

    full_name = models.CharField(_("姓名"), max_length=60, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("所属机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.REGISTRAR)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self) -> str:
        return self.full_name or self.username


class AuditEntry(models.Model):
    """One state change: who, when, what, and the object's fields before and after."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT
    )
    actor_label = models.CharField(_("操作人说明"), max_length=60, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("机构"), null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField(_("操作"), max_length=40)
    object_type = models.CharField(_("对象类型"), max_length=60)
    object_id = models.CharField(_("对象"), max_length=40)
    object_repr = models.CharField(_("对象说明"), max_length=200, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)

    class Meta:
        verbose_name = _("操作日志")
        verbose_name_plural = _("操作日志")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        before = self.before or {}
        after = self.after or {}
        keys = list(dict.fromkeys([*before, *after]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class DeadlineRule(models.Model):
    """A region's own rule for one kind of agency's annual report: whether it is expected and by when. It
    applies to the region's agencies and all below it; of several rules above an agency the nearest wins.
    Without a rule, Art. 49 applies (governments and departments expected; townships and others not)."""

    region = models.ForeignKey(
        Agency, verbose_name=_("地区（机构）"), on_delete=models.CASCADE, related_name="deadline_rules"
    )
    kind = models.CharField(_("机构类别"), max_length=12, choices=[(k.value, k.label_zh) for k in AgencyKind])
    expected = models.BooleanField(_("须报送年度报告"), default=True)
    month = models.PositiveSmallIntegerField(_("截止月"))
    day = models.PositiveSmallIntegerField(_("截止日"))

    class Meta:
        verbose_name = _("年报期限规则")
        verbose_name_plural = _("年报期限规则")
        ordering = ["region__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["region", "kind"], name="deadline_rule_unique")]

    def __str__(self) -> str:
        return f"{self.region} {AgencyKind(self.kind).label_zh} {self.month}月{self.day}日"

    def clean(self) -> None:
        super().clean()
        try:
            dt.date(2001, self.month or 0, self.day or 0)  # a year after a common year: no 29 February
        except (ValueError, TypeError) as exc:
            raise ValidationError(
                {"day": _("日期无效：%(m)s月%(d)s日") % {"m": self.month, "d": self.day}}
            ) from exc
