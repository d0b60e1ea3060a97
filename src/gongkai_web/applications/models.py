# ruff: noqa: RUF012  (Django Meta and ModelAdmin options are declarative class attributes)
"""依申请公开 applications. The rows store what happened (events); the clock is derived from them by the core.

``due_on`` / ``due_provisional`` / ``clock_status`` are a cache for the work queue, recomputed by every
service
function in :mod:`gongkai_web.applications.services` — never set them by hand.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai import clock as core
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.choices import (
    ACTIVE_STATUSES,
    CONSULTATION_PARTY_CHOICES,
    RECEIPT_BASIS_CHOICES,
    Channel,
    Delivery,
    DocumentKind,
    EventKind,
    Format,
    Status,
    applicant_type_choices,
    outcome_choices,
)

# What the applicant fills in (the public form, staff intake), in the order of the form.
APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "content",
    "purpose",
    "format_wanted",
    "delivery",
)
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_tracking_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))


class Application(models.Model):
    agency = models.ForeignKey(Agency, verbose_name=_("受理机构"), on_delete=models.PROTECT, related_name="+")
    tracking_code = models.CharField(_("查询码"), max_length=12, unique=True, default=new_tracking_code)
    status = models.CharField(_("状态"), max_length=24, choices=Status.choices, default=Status.SUBMITTED)
    # Applicant (申请人)
    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=applicant_type_choices)
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=120)
    id_type = models.CharField(_("证件类型"), max_length=30, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    # The request
    content = models.TextField(_("所需信息的名称、文号或者便于查询的其他特征性描述"))
    purpose = models.CharField(_("用途（选填）"), max_length=200, blank=True)
    format_wanted = models.CharField(
        _("提供形式"), max_length=10, choices=Format.choices, default=Format.PAPER
    )
    delivery = models.CharField(_("获取方式"), max_length=10, choices=Delivery.choices, default=Delivery.POST)
    # Receipt (Art. 31)
    channel = models.CharField(_("提交方式"), max_length=12, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    receipt_basis = models.CharField(
        _("收到申请之日的依据"), max_length=12, choices=RECEIPT_BASIS_CHOICES, blank=True
    )
    received_on = models.DateField(_("收到申请之日"), null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Outcome: one 表三 row only (部分公开 counts once)
    outcome = models.CharField(_("办理结果"), max_length=40, choices=outcome_choices, blank=True)
    article = models.CharField(_("依据条款"), max_length=120, blank=True)
    decision_summary = models.TextField(_("答复要点"), blank=True)
    decided_on = models.DateField(_("答复日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    void_reason = models.TextField(_("作废理由"), blank=True)
    # Derived-clock cache (recomputed by the service functions)
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限暂定"), default=False)
    clock_status = models.CharField(max_length=24, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"], name="app_queue_idx"),
            models.Index(fields=["agency", "-id"], name="app_list_idx"),
            models.Index(fields=["status", "due_on"], name="app_status_due_idx"),
            # 表三's one scan (gongkai_web.reports.tables.request_table) reads only these columns: a covering
            # index, so the annual report never reads the rows' long texts
            models.Index(
                fields=["agency", "received_on", "applicant_type", "outcome", "decided_on", "closed_on"],
                name="app_report_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.applicant_name}"

    @property
    def is_registered(self) -> bool:
        """Received (the clock has started): only then can an appeal be filed against it."""
        return self.status != Status.SUBMITTED

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def core_application(self, events: list[ApplicationEvent] | None = None) -> core.Application:
        """The core's view of this application (needs ``received_on``); pass prefetched ``events``."""
        assert self.received_on is not None
        evs = self.events.all() if events is None else events
        return core.Application(
            received=self.received_on,
            basis=core.ReceiptBasis(self.receipt_basis or core.ReceiptBasis.IN_PERSON),
            events=tuple(e.to_core() for e in evs),
        )

    def derive_clock(self, as_of: dt.date | None = None) -> core.Clock | None:
        if self.received_on is None:
            return None
        return core.derive_clock(self.core_application(), as_of=as_of)


class ApplicationEvent(models.Model):
    """One dated event in the application's life; the core's clock events are built from these."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=24, choices=EventKind.choices)
    date = models.DateField(_("日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    party = models.CharField(_("征求对象"), max_length=12, choices=CONSULTATION_PARTY_CHOICES, blank=True)
    days = models.PositiveSmallIntegerField(_("延长工作日数"), null=True, blank=True)
    amount = models.PositiveIntegerField(_("金额（元）"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("办理事件")
        verbose_name_plural = _("办理事件")
        ordering = ["date", "id"]
        # the annual report's fees (gongkai_web.reports.tables.fees_charged) start from the few fee events,
        # not from every application of the agency
        indexes = [models.Index(fields=["kind", "date"], name="event_kind_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"

    def to_core(self) -> core.Event:
        return core.make_event(
            self.kind,
            self.date,
            end=self.end,
            party=self.party or None,
            days=self.days,
            amount=self.amount,
            approved_by=str(self.actor or ""),
            reason=self.note,
        )


def _upload_to(instance: Document, filename: str) -> str:
    return f"applications/{instance.application_id}/{secrets.token_hex(8)}-{filename}"


class Document(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(
        _("材料类型"), max_length=10, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    file = models.FileField(_("文件"), upload_to=_upload_to)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("材料")
        verbose_name_plural = _("材料")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
