"""Drafting catalogue entries and entering the 表二 figures. An entry is published only after review
(:mod:`gongkai_web.disclosures.review`), which gives it its 索引号."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai_web.agencies import audit
from gongkai_web.agencies.models import Agency, User, validate_index_pattern
from gongkai_web.agencies.permissions import require
from gongkai_web.common.errors import WebError
from gongkai_web.common.saving import versioned_update
from gongkai_web.disclosures.models import (
    AnnualFigure,
    Attribute,
    Category,
    Disclosure,
    Status,
    Validity,
    figure_errors,
    figure_spec,
)


class DisclosureError(WebError):
    """Not allowed; ``str()`` is the Chinese reason."""

    subject = gettext_lazy("该信息")


AUDITED = (
    "title",
    "category",
    "publisher",
    "issued_on",
    "document_number",
    "validity",
    "valid_from",
    "validity_changed_on",
    "is_rule",
    "is_normative",
    "is_policy",
    "summary",
    "url",
    "attribute",
    "withholding_ground",
    "version",
)
EDITABLE = tuple(f for f in AUDITED if f != "version")


def format_index_number(agency: Agency, year: int, seq: int, category: Category) -> str:
    pattern = agency.index_pattern or settings.GONGKAI_INDEX_PATTERN
    try:
        validate_index_pattern(pattern)
    except ValidationError as exc:
        raise DisclosureError(
            _("本机构的索引号格式“%(p)s”无效，请系统管理员修改：%(why)s")
            % {"p": pattern, "why": exc.messages[0]}
        ) from exc
    return pattern.format(code=agency.code, year=year, seq=seq, category=category.code)


def _check(data: dict[str, Any]) -> None:
    if data.get("validity", Validity.VALID) != Validity.VALID and not data.get("validity_changed_on"):
        raise DisclosureError(_("废止或失效的文件须填写废止或失效日期"), field="validity_changed_on")
    changed = data.get("validity_changed_on")
    if changed and data.get("issued_on") and changed < data["issued_on"]:
        raise DisclosureError(_("废止或失效日期不能早于发文日期"), field="validity_changed_on")
    if data.get("attribute", Attribute.PROACTIVE) == Attribute.PROACTIVE:
        data["withholding_ground"] = ""
    elif not data.get("withholding_ground"):
        raise DisclosureError(
            _("公开属性为依申请公开或不予公开的，须选择不主动公开的理由"), field="withholding_ground"
        )


def draft_disclosure(actor: User, agency: Agency, data: dict[str, Any]) -> Disclosure:
    """Create a draft entry (草稿) of ``agency``; it takes its 索引号 when it is published after review."""
    require(actor, "publish", agency)
    data = dict(data)
    _check(data)
    with transaction.atomic():
        item = Disclosure(
            agency=agency,
            year=data["issued_on"].year,
            status=Status.DRAFT,
            drafted_by=actor,
            **{k: data[k] for k in EDITABLE if k in data},
        )
        item.full_clean()
        item.save()
        audit.record(
            actor, "draft_disclosure", item, agency=agency, before=None, after=audit.snapshot(item, AUDITED)
        )
    return item


def update_disclosure(
    actor: User, item: Disclosure, *, expected_version: int | None, data: dict[str, Any]
) -> Disclosure:
    """Edit a draft with optimistic locking. Once submitted it is changed only after being sent back, and
    once published only by a recorded correction (:func:`~gongkai_web.disclosures.review.correct`)."""
    with versioned_update(
        actor,
        item,
        expected_version=expected_version,
        permission="publish",
        action="update_disclosure",
        audited=AUDITED,
        saved=("year",),
        error=DisclosureError,
    ) as fresh:
        if fresh.status != Status.DRAFT:
            raise DisclosureError(
                _("该信息当前为“%(status)s”，只有草稿可以修改") % {"status": fresh.get_status_display()}
            )
        apply_changes(fresh, data)
    return fresh


def apply_changes(item: Disclosure, data: dict[str, Any]) -> None:
    """Set the editable fields of ``item`` from ``data`` after checking them together (the year follows
    the 发文日期 until a 索引号 is given)."""
    merged = {k: getattr(item, k) for k in EDITABLE} | {k: v for k, v in data.items() if k in EDITABLE}
    _check(merged)
    for k, v in merged.items():
        setattr(item, k, v)
    if item.index_number is None:
        item.year = item.issued_on.year
    item.full_clean()


def next_index_number(item: Disclosure) -> tuple[int, str]:
    """The next sequence number of the entry's agency in its year, and the 索引号 it makes. The caller
    holds a transaction; the agency row is locked so concurrent publications number one after the other."""
    agency = item.agency
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    taken = Disclosure.objects.filter(agency=agency, year=item.year).aggregate(m=Max("sequence"))["m"]
    seq = (taken or 0) + 1
    return seq, format_index_number(agency, item.year, seq, item.category)


def set_annual_figure(
    actor: User,
    agency: Agency,
    *,
    year: int,
    key: str,
    value: Decimal,
    source: str,
    unit: str = "",
) -> AnnualFigure:
    """Enter (or correct) one 表二 cell of the template of ``year``: ``key`` is its path below ``proactive``
    (``licensing.decisions``). ``unit`` (元/万元) goes with ``procurement.amount`` only."""
    require(actor, "publish", agency)
    if not source.strip():
        raise DisclosureError(_("请注明数据来源"))
    errors = figure_errors(year, key, value, unit)
    if errors:
        raise DisclosureError("；".join(errors.values()))
    spec = figure_spec(year, key)
    unit = unit if spec is not None and spec.has_unit else ""
    fields = ("value", "unit", "source")
    with transaction.atomic():
        fig = AnnualFigure.objects.select_for_update().filter(agency=agency, year=year, key=key).first()
        before = audit.snapshot(fig, fields) if fig else None
        if fig is None:
            fig = AnnualFigure(agency=agency, year=year, key=key)
        fig.value, fig.unit, fig.source, fig.entered_by = value, unit, source.strip(), actor
        fig.save()
        after = audit.snapshot(fig, fields)
        audit.record(actor, "set_figure", fig, agency=agency, before=before, after=after)
    return fig


@dataclass(frozen=True)
class DocumentCounts:
    issued: int
    repealed: int
    in_force: int


def count_documents(agency: Agency, year: int) -> dict[str, DocumentCounts]:
    """表二 rows 规章 and 行政规范性文件 from the catalogue: issued in the year, repealed (废止) in the
    year, and in force on 31 December (one aggregate query per row)."""
    from django.db.models import Count

    end = dt.date(year, 12, 31)
    out: dict[str, DocumentCounts] = {}
    for key, flag in (("rules", "is_rule"), ("normative_documents", "is_normative")):
        base = Disclosure.objects.published().filter(agency=agency, **{flag: True})
        agg = base.aggregate(
            issued=Count("id", filter=Q(issued_on__year=year)),
            repealed=Count("id", filter=Q(validity=Validity.REPEALED, validity_changed_on__year=year)),
            in_force=Count(
                "id",
                filter=Q(issued_on__lte=end) & (Q(validity=Validity.VALID) | Q(validity_changed_on__gt=end)),
            ),
        )
        out[key] = DocumentCounts(**agg)
    return out
