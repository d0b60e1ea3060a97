"""The 台账 as an Excel workbook: every field of every application the filters select, the filters stated
above the table (so a printed or forwarded file says what it holds), personal fields as the user may see
them (:func:`gongkai_web.agencies.privacy.shown`: masked for a 监督 officer)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai_web.agencies import privacy
from gongkai_web.agencies.models import User
from gongkai_web.applications.choices import outcome_label
from gongkai_web.applications.models import Application
from gongkai_web.common import spreadsheets


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def columns(user: User, today: dt.date) -> list[tuple[str, Callable[[Application], Any]]]:
    """The workbook's columns: a heading and how to read it from an application."""

    def personal(name: str) -> Callable[[Application], str]:
        return lambda a: privacy.shown(user, a, name)

    def label(name: str) -> str:
        return str(Application._meta.get_field(name).verbose_name)

    return [
        (_("查询码"), lambda a: a.tracking_code),
        (_("受理机构"), lambda a: a.agency.name),
        (label("status"), lambda a: a.get_status_display()),
        (label("applicant_type"), lambda a: a.get_applicant_type_display()),
        *((label(n), personal(n)) for n in privacy.PERSONAL_FIELDS),
        (_("申请内容"), lambda a: a.content),
        (label("purpose"), lambda a: a.purpose),
        (label("format_wanted"), lambda a: a.get_format_wanted_display()),
        (label("delivery"), lambda a: a.get_delivery_display()),
        (label("channel"), lambda a: a.get_channel_display()),
        (label("submitted_at"), lambda a: timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M")),
        (label("received_on"), lambda a: _day(a.received_on)),
        (label("receipt_basis"), lambda a: a.get_receipt_basis_display()),
        (label("handler"), lambda a: str(a.handler or "")),
        (label("due_on"), lambda a: _day(a.due_on)),
        (_("逾期未答复"), lambda a: _("是") if a.is_active and a.due_on and a.due_on < today else ""),
        (label("outcome"), lambda a: outcome_label(a.outcome) if a.outcome else ""),
        (label("article"), lambda a: a.article),
        (label("decision_summary"), lambda a: a.decision_summary),
        (label("decided_on"), lambda a: _day(a.decided_on)),
        (label("closed_on"), lambda a: _day(a.closed_on)),
        (_("文书文号"), lambda a: "；".join(f"{x.get_kind_display()} {x.number}" for x in a.letters.all())),
    ]


def render_ledger_xlsx(
    user: User, applications: Iterable[Application], described: list[tuple[str, str]], today: dt.date
) -> tuple[bytes, int]:
    """The workbook and its number of application rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("依申请公开台账")
    cols = columns(user, today)
    ws.append([_("政府信息公开申请台账")])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(
        [
            _("导出时间"),
            timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            _("导出人"),
            spreadsheets.text(str(user)),
        ]
    )
    ws.append(
        [
            _("筛选条件"),
            spreadsheets.text("；".join(f"{k}：{v}" for k, v in described))
            if described
            else _("全部（未筛选）"),
        ]
    )
    if not privacy.sees_personal_data(user, getattr(user, "agency", None)):
        ws.append([_("说明"), _("申请人个人信息已按权限隐去")])
    count_row = ws.max_row + 1
    ws.append([_("申请件数"), 0])
    ws.append([])
    ws.append([heading for heading, _read in cols])
    header = ws.max_row
    for cell in ws[header]:
        cell.font = Font(bold=True)
    n = 0
    for app in applications:
        ws.append(spreadsheets.row(read(app) for _h, read in cols))
        n += 1
    ws.cell(row=count_row, column=2, value=n)
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), n


def with_letters(qs: Any) -> Any:
    from gongkai_web.letters.models import Letter  # the letters app sits on top of applications

    return qs.prefetch_related(
        Prefetch("letters", queryset=Letter.objects.defer("docx", "pdf", "text").order_by("issued_on", "id"))
    ).iterator(chunk_size=2000)
