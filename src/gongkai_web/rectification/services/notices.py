"""Notice templates, composing a notice (整改通知 to one agency, 通报 to many), editing its draft and issuing
it: numbered, written as Word (read back) and PDF, and its problems marked notified — in one transaction."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai import clock
from gongkai_web.agencies import audit
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import ACTIONS, require, visible_agencies_q
from gongkai_web.common.errors import WebError
from gongkai_web.common.saving import versioned_update
from gongkai_web.rectification.defaults import DEFAULTS, NUMBER_WORDS, PLACEHOLDERS, TABLE
from gongkai_web.rectification.models import Notice, NoticeKind, NoticeTemplate, Problem
from gongkai_web.rectification.services import documents
from gongkai_web.rectification.services.problems import take, where
from gongkai_web.rectification.transitions import ACTIVE

PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")
#: known only when the notice is issued: left in the draft, filled then
AT_ISSUE = ("文号", "签发日期")
MAX_WORKDAYS = 120


class NoticeError(WebError):
    subject = gettext_lazy("该通知")


def check_placeholders(text: str, field: str) -> None:
    unknown = sorted({m for m in PLACEHOLDER.findall(text) if m not in PLACEHOLDERS})
    if unknown:
        raise NoticeError(
            _("不认识的占位符：%(bad)s；可用：%(ok)s")
            % {
                "bad": "、".join(f"{{{u}}}" for u in unknown),
                "ok": "、".join(f"{{{p}}}" for p in PLACEHOLDERS),
            },
            field=field,
        )


def check_texts(title: str, body: str) -> None:
    """Known placeholders only; the table ``{问题清单}`` at most once, alone on its line, not in the title."""
    check_placeholders(title, "title")
    check_placeholders(body, "body")
    if TABLE in title:
        raise NoticeError(_("标题中不能放问题清单"), field="title")
    if body.count(TABLE) > 1:
        raise NoticeError(_("{问题清单}只能出现一次"), field="body")
    if TABLE in body and TABLE not in (line.strip() for line in body.splitlines()):
        raise NoticeError(_("{问题清单}须单独成行"), field="body")


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def template_for(agency: Agency, kind: str) -> tuple[NoticeTemplate | None, str, str]:
    """The office's template of ``kind`` (``None`` while it uses the shipped default), its title and body."""
    stored = NoticeTemplate.objects.filter(agency=agency, kind=kind).first()
    if stored is not None:
        return stored, stored.title, stored.body
    title, body = DEFAULTS[NoticeKind(kind)]
    return None, title, body


def save_template(
    actor: User, kind: str, title: str, body: str, *, expected_version: int | None
) -> NoticeTemplate:
    agency = actor.agency
    require(actor, "rectify", agency)
    assert agency is not None
    check_texts(title, body)
    with transaction.atomic():
        stored, created = NoticeTemplate.objects.get_or_create(
            agency=agency, kind=kind, defaults={"title": title, "body": body, "updated_by": actor}
        )
        if created:
            audit.record(actor, "notice_template", stored, agency=agency, before=None, after={"title": title})
            return stored
        with versioned_update(
            actor,
            stored,
            expected_version=expected_version,
            permission="rectify",
            action="notice_template",
            audited=("title", "body"),
            saved=("updated_by",),
            error=NoticeError,
        ) as fresh:
            fresh.title, fresh.body, fresh.updated_by = title, body, actor
    return fresh


def due_from(today: dt.date, due_date: dt.date | None, due_workdays: int | None) -> dt.date:
    """The due date: ``due_workdays`` working days after ``today`` (the statutory calendar with 调休), or the
    date given."""
    if due_workdays:
        if not 1 <= due_workdays <= MAX_WORKDAYS:
            raise NoticeError(
                _("工作日数应在 1 至 %(max)s 之间") % {"max": MAX_WORKDAYS}, field="due_workdays"
            )
        try:
            return clock.default_calendar().add_workdays(today, due_workdays)
        except clock.CalendarRangeError as exc:
            raise NoticeError(
                _("节假日安排尚未载入，无法按工作日计算期限（%(why)s）；请直接填写日期") % {"why": exc},
                field="due_workdays",
            ) from exc
    if due_date is None:
        raise NoticeError(_("请填写整改期限：工作日数或日期"), field="due_date")
    if due_date <= today:
        raise NoticeError(_("整改期限应晚于今天"), field="due_date")
    return due_date


def _values(issuer: Agency, problems: Sequence[Problem], due: dt.date) -> dict[str, str]:
    agencies = list(dict.fromkeys(p.agency for p in problems))
    years = sorted({p.report.year for p in problems})
    return {
        "机构": "、".join(a.name for a in agencies),
        "监督机构": issuer.name,
        "年度": "、".join(str(y) for y in years),
        "问题数": str(sum(len(p.findings) for p in problems)),
        "机构数": str(len(agencies)),
        "整改期限": f"{due.year}年{due.month}月{due.day}日",
    }


def compose(
    actor: User,
    kind: str,
    problems: Sequence[Problem],
    *,
    due_date: dt.date | None = None,
    due_workdays: int | None = None,
) -> Notice:
    """A draft notice of ``kind`` for ``problems``, written from the office's template."""
    issuer = actor.agency
    require(actor, "rectify", issuer)
    assert issuer is not None
    if not problems:
        raise NoticeError(_("请至少选择一个问题"), field="problems")
    for p in problems:
        require(actor, "rectify", p.agency)
    inactive = [p for p in problems if p.status not in ACTIVE]
    if inactive:
        raise NoticeError(
            _("问题%(n)s当前为“%(s)s”，不能再通知")
            % {"n": inactive[0].pk, "s": inactive[0].get_status_display()},
            field="problems",
        )
    agencies = {p.agency_id for p in problems}
    if kind == NoticeKind.NOTICE and len(agencies) > 1:
        raise NoticeError(_("整改通知只发给一个单位；问题涉及多个单位时请选择“通报”"), field="kind")
    due = due_from(timezone.localdate(), due_date, due_workdays)
    _stored, title, body = template_for(issuer, kind)
    values = _values(issuer, problems, due)
    with transaction.atomic():
        notice = Notice.objects.create(
            agency=issuer,
            kind=kind,
            title=fill(title, values)[:200],
            body=fill(body, values),
            due_date=due,
            due_workdays=due_workdays or None,
            created_by=actor,
        )
        notice.recipients.set(sorted(agencies))
        notice.problems.set(problems)
        audit.record(
            actor,
            "notice_draft",
            notice,
            agency=issuer,
            before=None,
            after={"kind": kind, "problems": [p.pk for p in problems], "due_date": due.isoformat()},
        )
    return notice


def edit_draft(actor: User, notice: Notice, title: str, body: str, *, expected_version: int | None) -> Notice:
    check_texts(title, body)
    with versioned_update(
        actor,
        notice,
        expected_version=expected_version,
        permission="rectify",
        action="notice_edit",
        audited=("title", "body"),
        error=NoticeError,
    ) as fresh:
        if fresh.status != Notice.Status.DRAFT:
            raise NoticeError(_("该通知已签发，不能修改"))
        fresh.title, fresh.body = title, body
    return fresh


def rows(notice: Notice) -> list[documents.Row]:
    out = []
    for problem in notice.problems.select_related("agency").order_by("agency__path", "id"):
        for f in problem.findings:
            out.append(documents.Row(problem.agency.name, f["code"], f["message"], where(f)))
    return out


def issue(actor: User, notice: Notice, *, expected_version: int | None) -> Notice:
    """Number the notice, write its Word file (read back), mark its problems notified — in one transaction —
    then convert the Word file to PDF outside it."""
    with versioned_update(
        actor,
        notice,
        expected_version=expected_version,
        permission="rectify",
        action="notice_issue",
        audited=("status", "number", "due_date"),
        saved=("title", "body", "year", "seq", "docx", "pdf", "pdf_note", "issued_by", "issued_at"),
        error=NoticeError,
    ) as fresh:
        if fresh.status != Notice.Status.DRAFT:
            raise NoticeError(_("该通知已签发"))
        issuer = Agency.objects.select_for_update().get(pk=fresh.agency_id)  # one number at a time
        today = timezone.localdate()
        last = Notice.objects.filter(agency=issuer, kind=fresh.kind, year=today.year).aggregate(n=Max("seq"))
        fresh.year, fresh.seq = today.year, (last["n"] or 0) + 1
        word = NUMBER_WORDS[NoticeKind(fresh.kind)]
        fresh.number = f"{issuer.short_name or issuer.name}{word}〔{today.year}〕{fresh.seq}号"
        values = {"文号": fresh.number, "签发日期": f"{today.year}年{today.month}月{today.day}日"}
        fresh.title, fresh.body = fill(fresh.title, values)[:200], fill(fresh.body, values)
        draft = documents.Draft(
            number=fresh.number,
            title=fresh.title,
            body=fresh.body,
            issuer=issuer.name,
            issued=today,
            rows=rows(fresh),
            many_agencies=fresh.kind == NoticeKind.BULLETIN,
        )
        data = documents.render_docx(draft)
        documents.read_back(data, draft)
        fresh.docx = data
        fresh.pdf, fresh.pdf_note = None, _("PDF 尚未生成，请下载 Word 文件")
        fresh.status, fresh.issued_by, fresh.issued_at = Notice.Status.ISSUED, actor, timezone.now()
        for problem in fresh.problems.all():
            take(actor, problem, "notify", expected_version=None)
    # LibreOffice takes seconds: the PDF is made once the notice is issued and the locks on it and on the
    # issuing office (which numbers its notices one at a time) are released
    fresh.pdf, fresh.pdf_note = documents.convert_to_pdf(data)
    Notice.objects.filter(pk=fresh.pk).update(pdf=fresh.pdf, pdf_note=fresh.pdf_note)
    return fresh


def visible_notices(user: User) -> QuerySet[Notice]:
    """A supervisor: the notices of their office and the offices below; an agency user: the issued notices
    sent to their agency."""
    if user.role in ACTIONS["rectify"]:
        return Notice.objects.filter(visible_agencies_q(user))
    if user.role in ACTIONS["answer_rectification"] and user.agency_id is not None:
        return Notice.objects.filter(status=Notice.Status.ISSUED, recipients=user.agency_id)
    return Notice.objects.none()


def template_placeholders() -> list[tuple[str, str]]:
    return [(f"{{{k}}}", str(v)) for k, v in PLACEHOLDERS.items()]


__all__ = ["TABLE", "NoticeError", "compose", "edit_draft", "issue", "save_template", "template_for"]
