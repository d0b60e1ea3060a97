"""Choices taken from the core: applicant types are the seven 表三 columns, decisions are 表三 rows.

Labels come from :mod:`gongkai.layout` (the catalog), never retyped here. What this
module adds is the legal basis each 表三 row is usually answered under (Arts. 14–16, 30, 33–39 of
国务院令第711号;
国办函〔2020〕109号), see ``spec/annual-report-format.md`` §6.2.
"""

from __future__ import annotations

from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai import clock as core
from gongkai import layout
from gongkai.clock import ConsultationParty, ReceiptBasis
from gongkai.layout import request_column_heading
from gongkai.model import APPLICANT_COLUMNS

# The article a decision coded to each 表三 row cites by default (editable on the decision).
DECISION_ARTICLES: dict[str, str] = {
    "granted": "第三十六条第（二）项",
    "partially_granted": "第三十七条",
    "refused_state_secret": "第十四条、第三十六条第（三）项",
    "refused_prohibited_by_law": "第十四条、第三十六条第（三）项",
    "refused_security_stability": "第十四条、第三十六条第（三）项",
    "refused_third_party": "第十五条、第三十二条、第三十六条第（三）项",
    "refused_internal_affairs": "第十六条第一款、第三十六条第（三）项",
    "refused_process_information": "第十六条第二款、第三十六条第（三）项",
    "refused_enforcement_file": "第十六条第二款、第三十六条第（三）项",
    "refused_administrative_query": "第三十六条第（七）项",
    "unable_not_held": "第三十六条第（四）项",
    "unable_needs_creation": "第三十八条",
    "unable_unclear": "第三十条",
    "not_processed_complaint": "第三十九条第一款",
    "not_processed_repeated": "第三十六条第（六）项",
    "not_processed_publication": "第三十九条第二款",
    "not_processed_excessive": "第三十五条",
    "not_processed_confirmation": "第三十六条",
    "other_no_correction": "第三十条",
    "other_unpaid_fee": "国办函〔2020〕109号",
    "other_misc": "",
}
# Rows a decision may be coded to. （六）1 and （六）2 are reached by closing a lapsed clock,
# not by a decision.
CLOCK_OUTCOMES = ("other_no_correction", "other_unpaid_fee")
GROUPED_SINGLE = ("granted", "partially_granted")


@cache
def outcome_choices() -> list[tuple[str, str]]:
    """Every final-outcome row of the 2021 表三, labelled like the report:
    ``（三）不予公开·1.属于国家秘密``."""
    out = [(key, layout.request_row(key).printed) for key in GROUPED_SINGLE]
    for group in layout.groups():
        for key in group.rows:
            out.append((key, f"{group.heading}·{layout.request_row(key).printed}"))
    return out


def decision_choices() -> list[tuple[str, str]]:
    return [(k, v) for k, v in outcome_choices() if k not in CLOCK_OUTCOMES]


def outcome_label(key: str) -> str:
    return dict(outcome_choices()).get(key, key)


@cache
def applicant_type_choices() -> list[tuple[str, str]]:
    """The six applicant columns of 表三 (``法人或其他组织·商业企业`` …), from the layout."""
    return [(key, request_column_heading(key)) for key in APPLICANT_COLUMNS]


RECEIPT_BASIS_CHOICES = [(b.value, b.label_zh) for b in ReceiptBasis]
CONSULTATION_PARTY_CHOICES = [(p.value, p.label_zh) for p in ConsultationParty]


class Channel(models.TextChoices):
    """How a request arrived (the receipt basis under Art. 31 follows from it)."""

    IN_PERSON = "in-person", _("当面提交")
    MAIL = "mail", _("邮寄")
    ONLINE = "online", _("网上申请")
    FAX = "fax", _("传真")


class Format(models.TextChoices):
    PAPER = "paper", _("纸质")
    EMAIL = "email", _("电子邮件")
    DISC = "disc", _("光盘")
    VIEW = "view", _("当场阅读、抄录")


class Delivery(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("当场领取")
    FAX = "fax", _("传真")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待登记")
    OPEN = "open", _("办理中")
    AWAITING_CORRECTION = "awaiting_correction", _("待补正")
    CONSULTING = "consulting", _("征求意见中")
    AWAITING_FEE = "awaiting_fee", _("待缴费")
    DECIDED = "decided", _("已答复")
    WITHDRAWN = "withdrawn", _("已撤回")
    CLOSED = "closed", _("已办结")
    VOIDED = "voided", _("已作废")  # registered by mistake: kept on record, counted nowhere


# The clock runs (or is paused) in these; the work queue looks only at them.
ACTIVE_STATUSES = (Status.OPEN, Status.AWAITING_CORRECTION, Status.CONSULTING, Status.AWAITING_FEE)
FINAL_STATUSES = (Status.DECIDED, Status.WITHDRAWN, Status.CLOSED)


class EventKind(models.TextChoices):
    """The core's event kinds (:class:`gongkai.clock.EventKind`, the stored values) with their labels."""

    CORRECTION_REQUESTED = core.EventKind.CORRECTION_REQUESTED.value, _("补正告知")
    CORRECTION_RECEIVED = core.EventKind.CORRECTION_RECEIVED.value, _("收到补正")
    CONSULTATION = core.EventKind.CONSULTATION.value, _("征求意见")
    EXTENSION = core.EventKind.EXTENSION.value, _("延长答复期限")
    FEE_NOTICE = core.EventKind.FEE_NOTICE.value, _("收费通知")
    FEE_PAID = core.EventKind.FEE_PAID.value, _("缴费")
    LATER_DEADLINE = core.EventKind.LATER_DEADLINE.value, _("第三十五条延迟答复")
    ANSWERED = core.EventKind.ANSWERED.value, _("答复")


class DocumentKind(models.TextChoices):
    REQUEST = "request", _("申请材料")
    NOTICE = "notice", _("告知书、通知书")
    REPLY = "reply", _("答复书")
    OTHER = "other", _("其他")
