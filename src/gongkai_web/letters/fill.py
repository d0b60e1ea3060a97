"""A template's text with its placeholders filled from an application, and the check of a template an
agency writes (only known placeholders, the required ones present)."""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping

from django.utils.translation import gettext as _

from gongkai import layout
from gongkai_web.applications.choices import EventKind, outcome_label
from gongkai_web.applications.models import Application, ApplicationEvent
from gongkai_web.common.errors import WebError
from gongkai_web.letters.defaults import PLACEHOLDER_NAMES, REGULATION, REMEDY, REQUIRED

# Characters Word cannot hold in its XML (Shift+Enter's \x0b, \x01 …): never let them into a letter.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TemplateError(WebError):
    """A letter template an agency wrote cannot be used; ``str()`` says what is wrong and where."""


def clean(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def chinese_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def check_template(kind: str, title: str, body: str) -> None:
    """Raise :class:`TemplateError` unless the title and body use only known placeholders, in pairs of
    braces, and the body has the ones ``kind`` requires."""
    for where, text in ((_("标题"), title), (_("正文"), body)):
        try:
            names = [n for _t, n, _s, _c in string.Formatter().parse(text) if n is not None]
        except ValueError as exc:
            raise TemplateError(
                _("%(where)s中的花括号须成对出现（占位符写作 {申请人} 这样）") % {"where": where},
                field="body",
            ) from exc
        unknown = sorted({n for n in names if n not in PLACEHOLDER_NAMES})
        if unknown:
            raise TemplateError(
                _("%(where)s中有未知的占位符 %(names)s，可用的占位符见下方列表")
                % {"where": where, "names": "、".join(f"{{{n}}}" for n in unknown)},
                field="body",
            )
    missing = [n for n in REQUIRED.get(kind, ()) if f"{{{n}}}" not in body]
    if missing:
        raise TemplateError(
            _("答复书须载明法律依据和救济途径：正文缺少 %(names)s")
            % {"names": "、".join(f"{{{n}}}" for n in missing)},
            field="body",
        )


def legal_basis(article: str) -> str:
    """The article a decision cites, as a letter states it (an article of the Regulation with its title)."""
    article = article.strip()
    if not article:
        return REGULATION
    return f"{REGULATION}{article}" if article.startswith("第") else article


def values(
    app: Application, events: list[ApplicationEvent], issued_on: dt.date, number: str
) -> dict[str, str]:
    """Every placeholder's value for ``app`` (an empty string where the application has none)."""

    def last(kind: str) -> ApplicationEvent | None:
        found = [e for e in events if e.kind == kind]
        return found[-1] if found else None

    correction, extension, fee = (
        last(EventKind.CORRECTION_REQUESTED),
        last(EventKind.EXTENSION),
        last(EventKind.FEE_NOTICE),
    )
    agency = app.agency
    out = {
        "申请人": app.applicant_name,
        "查询码": app.tracking_code,
        "文号": number,
        "出具日期": chinese_date(issued_on),
        "收到申请日期": chinese_date(app.received_on),
        "申请内容": app.content.strip().rstrip("。.；;"),  # the templates end the sentence
        "答复期限": chinese_date(app.due_on),
        "补正期限": chinese_date(correction.end) if correction else "",
        "补正事项": correction.note if correction else "",
        "延长日数": str(extension.days or "") if extension else "",
        "延长理由": extension.note if extension else "",
        "收费金额": str(fee.amount or "") if fee else "",
        "收费说明": fee.note if fee else "",
        "办理结果": layout.request_row(app.outcome).short if app.outcome else "",
        "答复要点": app.decision_summary,
        "法律依据": legal_basis(app.article) if app.outcome else "",
        "救济途径": REMEDY,
        "机构名称": agency.name,
        "机构地址": agency.address,
        "联系电话": agency.phone,
    }
    assert set(out) == PLACEHOLDER_NAMES
    return {k: clean(v) for k, v in out.items()}


def fill(text: str, data: Mapping[str, str]) -> str:
    return clean(text).format_map(dict(data))


__all__ = ["TemplateError", "check_template", "chinese_date", "clean", "fill", "outcome_label", "values"]
