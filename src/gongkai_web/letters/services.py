"""Issuing a letter, and an agency's templates and 文号 pattern. Each writes the audit log in the same
transaction as its change.

A letter's date is the date of the event it tells of (:data:`EVENT_OF`: the 补正告知's date for the 补正告知书
…; the receipt date for the 受理回执; the reply's date, or the closing date of a lapsed or withdrawn
application, for the 答复书), so the letter and the statutory clock never disagree. Its 文号 takes the next
number of the agency's counter for that year: ``UPDATE … SET last = last + 1`` and reading it back in the
same transaction, which PostgreSQL serialises on the row lock and SQLite on its write lock (the settings
open SQLite transactions IMMEDIATE) — no two letters share a number, and a unique constraint stands guard.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import string

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai import layout
from gongkai_web.agencies import audit
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import require
from gongkai_web.applications.choices import EventKind, Status
from gongkai_web.applications.models import Application, ApplicationEvent
from gongkai_web.common.errors import WebError
from gongkai_web.letters import fill as f
from gongkai_web.letters import render
from gongkai_web.letters.defaults import (
    DEFAULT_NUMBER_PATTERN,
    DEFAULT_TEXTS,
    KIND_SHORT,
    NUMBER_PATTERN_FIELDS,
    LetterKind,
    TemplateKind,
    template_kind_for,
)
from gongkai_web.letters.models import Letter, LetterCounter, LetterTemplate, NumberingRule

# Who issues letters: whoever may attach documents to the application (the letter is one of them).
ISSUE_PERMISSION = "attach"
# Who edits the agency's templates and 文号 pattern.
EDIT_PERMISSION = "edit_guide"

EVENT_OF = {
    LetterKind.CORRECTION: EventKind.CORRECTION_REQUESTED,
    LetterKind.EXTENSION: EventKind.EXTENSION,
    LetterKind.FEE: EventKind.FEE_NOTICE,
    LetterKind.REPLY: EventKind.ANSWERED,
}


class LetterError(WebError):
    """The letter cannot be issued now (``str()`` says why)."""

    subject = gettext_lazy("该文书")


# ---- templates and pattern ----


def template_text(agency: Agency, kind: str) -> tuple[str, str, LetterTemplate | None]:
    """The agency's title and body of template ``kind`` (its own, else the default) and its row."""
    row = LetterTemplate.objects.filter(agency=agency, kind=kind).first()
    if row is not None:
        return row.title, row.body, row
    title, body = DEFAULT_TEXTS[kind]
    return title, body, None


def save_template(
    actor: User, agency: Agency, kind: str, *, title: str, body: str, expected_version: int | None
) -> LetterTemplate:
    """Save the agency's text of ``kind`` (checked by :func:`~.fill.check_template`); ``expected_version``:
    the version the form showed (0: the default, no own text yet)."""
    require(actor, EDIT_PERMISSION, agency)
    TemplateKind(kind)
    title, body = f.clean(title).strip(), f.clean(body).strip()
    f.check_template(kind, title, body)
    with transaction.atomic():
        row = LetterTemplate.objects.select_for_update().filter(agency=agency, kind=kind).first()
        current = row.version if row is not None else 0
        if expected_version is None or expected_version != current:
            raise f.TemplateError.stale()
        before = {"title": row.title, "body": row.body} if row else None
        if row is None:
            try:
                with transaction.atomic():
                    row = LetterTemplate.objects.create(
                        agency=agency, kind=kind, title=title, body=body, updated_by=actor
                    )
            except IntegrityError as exc:  # another editor saved the first own text meanwhile
                raise f.TemplateError.stale() from exc
        else:
            row.title, row.body, row.version, row.updated_by = title, body, row.version + 1, actor
            row.save()
        audit.record(
            actor, "letter_template", row, agency=agency, before=before, after={"title": title, "body": body}
        )
    return row


def reset_template(actor: User, agency: Agency, kind: str, *, expected_version: int | None) -> None:
    """Go back to the shipped text of ``kind`` (the agency's own text is deleted, audited)."""
    require(actor, EDIT_PERMISSION, agency)
    with transaction.atomic():
        row = LetterTemplate.objects.select_for_update().filter(agency=agency, kind=kind).first()
        if row is None:
            return
        if expected_version != row.version:
            raise f.TemplateError.stale()
        audit.record(
            actor, "letter_template_reset", row, agency=agency,
            before={"title": row.title, "body": row.body}, after=None,
        )  # fmt: skip
        row.delete()


def number_pattern(agency: Agency) -> tuple[str, NumberingRule | None]:
    rule = NumberingRule.objects.filter(agency=agency).first()
    return (rule.pattern, rule) if rule else (DEFAULT_NUMBER_PATTERN, None)


def check_pattern(pattern: str) -> None:
    try:
        names = {n for _t, n, _s, _c in string.Formatter().parse(pattern) if n is not None}
    except ValueError as exc:
        raise LetterError(_("文号格式无效：花括号须成对出现"), field="pattern") from exc
    unknown = sorted(n for n in names if n not in NUMBER_PATTERN_FIELDS)
    if unknown:
        raise LetterError(
            _("文号格式中有未知的项目 %(names)s") % {"names": "、".join(f"{{{n}}}" for n in unknown)},
            field="pattern",
        )
    if "seq" not in names:
        raise LetterError(_("文号格式须包含顺序号 {seq}，否则同一年度的文号会重复"), field="pattern")
    try:
        format_number(pattern, Agency(name="机构", code="CODE"), 2024, 1, "receipt")
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as exc:
        raise LetterError(_("文号格式无效：%(error)s") % {"error": exc}, field="pattern") from exc


def format_number(pattern: str, agency: Agency, year: int, seq: int, kind: str) -> str:
    return pattern.format(
        agency=agency.short_name or agency.name, code=agency.code, year=year, seq=seq, kind=KIND_SHORT[kind]
    )


def save_pattern(actor: User, agency: Agency, pattern: str, *, expected_version: int | None) -> None:
    require(actor, EDIT_PERMISSION, agency)
    pattern = f.clean(pattern).strip()
    check_pattern(pattern)
    with transaction.atomic():
        rule = NumberingRule.objects.select_for_update().filter(agency=agency).first()
        if expected_version != (rule.version if rule else 0):
            raise LetterError.stale()
        before = {"pattern": rule.pattern} if rule else {"pattern": DEFAULT_NUMBER_PATTERN}
        if rule is None:
            try:
                with transaction.atomic():
                    rule = NumberingRule.objects.create(agency=agency, pattern=pattern)
            except IntegrityError as exc:
                raise LetterError.stale() from exc
        else:
            rule.pattern, rule.version = pattern, rule.version + 1
            rule.save()
        audit.record(
            actor, "letter_numbering", rule, agency=agency, before=before, after={"pattern": pattern}
        )


# ---- issuing ----


def next_sequence(agency: Agency, year: int) -> int:
    """The next 顺序号 of ``agency``'s letters of ``year`` (call inside the issuing transaction)."""
    LetterCounter.objects.get_or_create(agency=agency, year=year)
    LetterCounter.objects.filter(agency=agency, year=year).update(last=F("last") + 1)
    return LetterCounter.objects.values_list("last", flat=True).get(agency=agency, year=year)


def letter_date(app: Application, kind: str, events: list[ApplicationEvent]) -> dt.date | None:
    """The date a letter of ``kind`` on ``app`` bears, or ``None`` while there is nothing to tell."""
    if kind == LetterKind.RECEIPT:
        return app.received_on if app.status != Status.SUBMITTED else None
    if kind == LetterKind.REPLY:
        if not app.outcome or app.status == Status.WITHDRAWN:  # a withdrawal is not answered
            return None
        if app.decided_on is not None:
            return app.decided_on
        return app.closed_on
    dates = [e.date for e in events if e.kind == EVENT_OF[kind]]
    return dates[-1] if dates else None


def issuable(app: Application, events: list[ApplicationEvent], issued: set[str]) -> list[tuple[str, str]]:
    """The letters that can be issued on ``app`` now: ``(kind, label)`` of each not yet issued."""
    return [
        (k, str(label))
        for k, label in LetterKind.choices
        if k not in issued and letter_date(app, k, events) is not None
    ]


def issue_letter(actor: User, application: Application, kind: str) -> Letter:
    """Issue the letter ``kind`` on ``application``: number it, fill the agency's template, render the
    DOCX and PDF, read both back, keep them and audit it on the application — in one transaction."""
    LetterKind(kind)
    require(actor, ISSUE_PERMISSION, application.agency)
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
        agency = app.agency
        if Letter.objects.filter(application=app, kind=kind).exists():
            raise LetterError(_("本申请已出具过%(kind)s") % {"kind": LetterKind(kind).label})
        events = list(app.events.order_by("date", "id"))
        day = letter_date(app, kind, events)
        if day is None:
            raise LetterError(
                _("现在还不能出具%(kind)s：申请尚无对应的办理事件") % {"kind": LetterKind(kind).label}
            )
        group = layout.request_row(app.outcome).group if app.outcome else ""
        tkind = template_kind_for(kind, app.outcome, group)
        title, body, _row = template_text(agency, tkind)
        pattern, _rule = number_pattern(agency)
        seq = next_sequence(agency, day.year)
        number = format_number(pattern, agency, day.year, seq, kind)
        data = f.values(app, events, day, number)
        text = render.LetterText.of(
            agency.name, f.fill(title, data), number, f.fill(body, data), data["出具日期"]
        )
        docx, pdf = render.render_checked(text)
        letter = Letter.objects.create(
            application=app,
            agency=agency,
            kind=kind,
            template_kind=tkind,
            year=day.year,
            sequence=seq,
            number=number,
            issued_on=day,
            title=text.title,
            text="\n".join(text.paragraphs),
            docx=docx,
            pdf=pdf,
            sha256=hashlib.sha256(docx).hexdigest(),
            issued_by=actor,
        )
        audit.record(
            actor,
            "issue_letter",
            app,
            agency=agency,
            before=None,
            after={"letter": str(LetterKind(kind).label), "number": number, "date": day.isoformat()},
        )
    return letter


__all__ = [
    "EDIT_PERMISSION",
    "ISSUE_PERMISSION",
    "LetterError",
    "issuable",
    "issue_letter",
    "number_pattern",
    "reset_template",
    "save_pattern",
    "save_template",
    "template_text",
]
