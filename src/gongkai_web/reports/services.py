"""Drafting, checking, locking, publishing and importing annual reports. Every state change goes through a
function here that checks the actor's permission and writes the audit log in the same transaction.

Errors for people: :class:`ReportError` (``str()`` is the Chinese reason); permission problems raise
:class:`~django.core.exceptions.PermissionDenied`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.catalog import load_catalog
from gongkai.check import check_report
from gongkai.checker import Finding
from gongkai.errors import InputError
from gongkai.model import report_from_dict
from gongkai.model.facts import DocumentFacts
from gongkai.model.report import Report
from gongkai.readers import read_bytes
from gongkai.readers.neighbours import decide_with_neighbours
from gongkai_web.agencies import audit, privacy
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import can, require
from gongkai_web.disclosures.models import Disclosure
from gongkai_web.reports.exports import ExportCheckFailed, render_checked
from gongkai_web.reports.models import ReportDraft, ReportState, ReportVersion
from gongkai_web.reports.tables import Fees, compute_report, fees_charged, issued_q

SECTIONS = ("overview", "problems", "other")
FILE_FORMATS = ("docx", "pdf", "html")
IMPORT_MAX_BYTES = 20 * 1024 * 1024


class ReportError(Exception):
    """Not allowed now; ``str()`` is the Chinese reason."""


# ---- permissions ---------------------------------------------------------------------------------------


def can_draft(user: User, agency: Agency) -> bool:
    """Handlers and approvers of the agency write the narrative."""
    return can(user, "publish", agency)


def can_approve(user: User, agency: Agency) -> bool:
    """Approvers (审核) lock, publish and import — the office head answers for the report (30号 二（四）)."""
    return can(user, "decide", agency)


def can_see_personal_data(user: User, agency: Agency) -> bool:
    """Applicants' names, ID numbers, phones, addresses: the rule of :mod:`gongkai_web.agencies.privacy`."""
    return privacy.sees_personal_data(user, agency)


# ---- reading the stored state ----------------------------------------------------------------------------


def latest_version(agency: Agency, year: int) -> ReportVersion | None:
    return ReportVersion.objects.filter(agency=agency, year=year).order_by("-number").first()


def published_version(agency: Agency, year: int) -> ReportVersion | None:
    return (
        ReportVersion.objects.filter(agency=agency, year=year, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


def version_report(version: ReportVersion) -> Report:
    return report_from_dict(version.data)


def previous_report(agency: Agency, year: int) -> tuple[Report, str]:
    """Last year's report for the cross-year rules: its latest locked or imported version, else the tables
    computed from the ledger. Returns the report and where it came from (for the page)."""
    version = latest_version(agency, year - 1)
    if version is not None:
        return version_report(version), _("%(y)s年度报告第%(n)s版") % {"y": year - 1, "n": version.number}
    return compute_report(agency, year - 1), _("%(y)s年度台账数据") % {"y": year - 1}


def draft_sections(draft: ReportDraft | None) -> dict[str, str | None]:
    if draft is None:
        return dict.fromkeys(SECTIONS)
    return {k: getattr(draft, k) or None for k in SECTIONS}


# ---- the year's facts and the pre-filled narrative --------------------------------------------------------


@dataclass(frozen=True)
class YearFacts:
    year: int
    entries_published: int
    rules_issued: int
    normative_issued: int
    received: int
    carried_over: int
    handled: int
    carried_forward: int
    outcomes: list[tuple[str, int]]
    reviews: int
    suits: int
    fees: Fees
    last_problems: str | None


def year_facts(agency: Agency, year: int, report: Report, previous: Report | None) -> YearFacts:
    cat = load_catalog()
    req = report.requests
    outcomes = []
    for key in type(req).model_fields:
        if key in ("received", "carried_over", "total_handled", "carried_forward"):
            continue
        n = getattr(req, key).total or 0
        if n:
            outcomes.append((cat.request_row(key).label, int(n)))
    ap = report.appeals
    return YearFacts(
        year=year,
        entries_published=Disclosure.objects.filter(agency=agency).filter(issued_q(year)).count(),
        rules_issued=int(_rules_issued(report, "rules")),
        normative_issued=int(_rules_issued(report, "normative_documents")),
        received=int(req.received.total or 0),
        carried_over=int(req.carried_over.total or 0),
        handled=int(req.total_handled.total or 0),
        carried_forward=int(req.carried_forward.total or 0),
        outcomes=outcomes,
        reviews=int(ap.review.total or 0),
        suits=int((ap.suit_direct.total or 0) + (ap.suit_after_review.total or 0)),
        fees=fees_charged(agency, year),
        last_problems=previous.sections.problems if previous is not None else None,
    )


def _rules_issued(report: Report, row: str) -> int | float:
    docs = report.get(f"proactive.{row}")
    return (getattr(docs, "issued", None) if report.template == "2021" else docs.made) or 0


def prefill(facts: YearFacts) -> dict[str, str]:
    """Opening text for 一/五/六 from the year's facts; staff edit it before locking."""
    y = facts.year
    outcome_text = "，".join(f"{label}{n}件" for label, n in facts.outcomes) or "无"
    overview = "\n".join(
        [
            f"{y}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，现将本年度政府信息公开工作情况报告如下。",
            "（一）主动公开",
            f"全年通过主动公开目录发布政府信息{facts.entries_published}条，"
            f"其中制发规章{facts.rules_issued}件、行政规范性文件{facts.normative_issued}件。",
            "（二）依申请公开",
            f"本年度新收政府信息公开申请{facts.received}件，上年结转{facts.carried_over}件；"
            f"办结申请{facts.handled}件（{outcome_text}），结转下年度继续办理{facts.carried_forward}件。"
            f"因政府信息公开工作被申请行政复议{facts.reviews}件、提起行政诉讼{facts.suits}件。",
            "（三）政府信息管理",
            "（待填写）",
            "（四）平台建设",
            "（待填写）",
            "（五）监督保障",
            "（待填写）",
        ]
    )
    last = (facts.last_problems or "").strip()
    problems = "\n".join(
        [
            "（一）存在的主要问题",
            "（待填写）",
            f"（二）{y}年改进情况",
            f"针对上年度报告提出的问题：{last}" if last else "（上年度报告未提出问题，或尚无上年度报告。）",
            f"（三）{y + 1}年改进措施",
            "（待填写）",
        ]
    )
    if facts.fees.count:
        other = (
            f"依据《政府信息公开信息处理费管理办法》规定，{y}年本机关实际收取信息处理费"
            f"{facts.fees.count}笔，共计{facts.fees.amount}元。"
        )
    else:
        other = f"依据《政府信息公开信息处理费管理办法》规定，{y}年本机关未收取信息处理费。"
    return {"overview": overview, "problems": problems, "other": other}


# ---- drafting --------------------------------------------------------------------------------------------


def get_draft(agency: Agency, year: int) -> ReportDraft | None:
    return ReportDraft.objects.filter(agency=agency, year=year).first()


def save_draft(
    actor: User, agency: Agency, year: int, sections: dict[str, str], *, expected_version: int | None = None
) -> ReportDraft:
    require(actor, "publish", agency)
    with transaction.atomic():
        draft = ReportDraft.objects.select_for_update().filter(agency=agency, year=year).first()
        if draft is not None and expected_version is not None and draft.version != expected_version:
            raise ReportError(_("草稿已被他人修改，请刷新页面后重新编辑（本次未保存任何内容）"))
        before = audit.snapshot(draft, SECTIONS) if draft else None
        if draft is None:
            draft = ReportDraft(agency=agency, year=year, version=0)
        for key in SECTIONS:
            setattr(draft, key, sections.get(key, "").strip())
        draft.version += 1
        draft.updated_by = actor
        draft.save()
        audit.record(
            actor, "report_draft", draft, agency=agency, before=before, after=audit.snapshot(draft, SECTIONS)
        )
    return draft


def current_report(agency: Agency, year: int, sections: dict[str, str | None] | None = None) -> Report:
    """The report as it would be locked now: the ledger's tables and the draft's (or the given) sections."""
    if sections is None:
        sections = draft_sections(get_draft(agency, year))
    return compute_report(agency, year, sections)


def findings_for(report: Report, previous: Report | None) -> list[Finding]:
    return check_report(report, previous=previous)


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error" and f.counts]


# ---- locking and publishing -------------------------------------------------------------------------------


def content_hash(report: Report) -> str:
    """SHA-256 of the report's canonical JSON (sorted keys, UTF-8): what a locked version promises."""
    text = json.dumps(report.to_json_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _render_all(report: Report) -> dict[str, bytes]:
    try:
        return render_checked(report, FILE_FORMATS)
    except ExportCheckFailed as exc:
        raise ReportError(str(exc)) from exc


def lock_report(actor: User, agency: Agency, year: int, *, note: str = "") -> ReportVersion:
    """Freeze the report as it is now into a new version (tables, narrative, DOCX/PDF/HTML, hash).

    Refused while the checker finds errors, or when nothing changed since the last version."""
    require(actor, "decide", agency)
    report = current_report(agency, year)
    previous, _source = previous_report(agency, year)
    errors = blocking(findings_for(report, previous))
    if errors:
        raise ReportError(
            _("检查发现 %(n)s 个错误，改正后才能锁定：%(first)s")
            % {"n": len(errors), "first": errors[0].message}
        )
    digest = content_hash(report)
    files = _render_all(report)
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        last = latest_version(agency, year)
        if last is not None and last.content_hash == digest:
            raise ReportError(_("报告内容与第%(n)s版相同，无需重新锁定") % {"n": last.number})
        if last is not None and not note.strip():
            raise ReportError(_("更正已锁定的报告须填写更正说明"))
        version = ReportVersion.objects.create(
            agency=agency,
            year=year,
            number=(last.number if last else 0) + 1,
            template=report.template,
            data=report.to_json_dict(),
            content_hash=digest,
            note=note.strip(),
            locked_by=actor,
            **files,
        )
        audit.record(
            actor,
            "report_lock",
            version,
            agency=agency,
            before=None,
            after={"number": version.number, "content_hash": digest},
        )
    return version


def publish_version(actor: User, version: ReportVersion) -> ReportVersion:
    """Publish the latest locked version on the public page."""
    require(actor, "decide", version.agency)
    with transaction.atomic():
        fresh = ReportVersion.objects.select_for_update().get(pk=version.pk)
        last = latest_version(fresh.agency, fresh.year)
        if last is None or last.pk != fresh.pk:
            raise ReportError(_("只能发布最新版本"))
        if fresh.published_at is not None:
            raise ReportError(_("该版本已发布"))
        fresh.published_at = timezone.now()
        fresh.published_by = actor
        fresh.save(update_fields=["published_at", "published_by"])
        audit.record(
            actor,
            "report_publish",
            fresh,
            agency=fresh.agency,
            before=None,
            after={"number": fresh.number, "published_at": fresh.published_at.isoformat()},
        )
    return fresh


# ---- importing a published report ------------------------------------------------------------------------


def _decide_with_stored_neighbours(agency: Agency, year: int, report: Report, facts: DocumentFacts) -> None:
    """Digits that ran together in 表二 of a crawled report, decided by this agency's reports of the years
    before and after, where they are here (see :mod:`gongkai.readers.neighbours`)."""
    if not facts.ambiguous_rows:
        return
    neighbours: list[tuple[Report, DocumentFacts | None, str]] = []
    for other_year in (year - 1, year + 1):
        version = latest_version(agency, other_year)
        if version is None:
            continue
        other, other_facts = report_from_dict(version.data), None
        if version.origin == ReportVersion.Origin.IMPORT and version.source_file:
            # an imported crawl keeps its own open readings: read its file again to have them
            try:
                again = read_bytes(bytes(version.source_file), name=version.source_name)
                other, other_facts = again.report, again.facts
            except InputError:
                pass
        other.year = other_year
        other.agency = report.agency  # the same agency, whatever name each report prints
        neighbours.append((other, other_facts, f"{other_year}年度报告第{version.number}版"))
    decide_with_neighbours([(report, facts, "本报告"), *neighbours])


def import_report(actor: User, agency: Agency, year: int, *, name: str, data: bytes) -> ReportVersion:
    """Read a published report file as the report of a past year (for cross-year checks). Nothing is
    saved unless the file reads as a report of that year."""
    require(actor, "decide", agency)
    if year >= timezone.localdate().year:
        raise ReportError(_("只能导入以往年度已发布的报告"))
    if len(data) > IMPORT_MAX_BYTES:
        raise ReportError(
            _("文件过大（%(mb).1f MB），上限 %(max)s MB")
            % {"mb": len(data) / 1e6, "max": IMPORT_MAX_BYTES // 10**6}
        )
    try:
        result = read_bytes(data, name=name, max_bytes=IMPORT_MAX_BYTES)
    except InputError as exc:
        raise ReportError(exc.line()) from exc
    report = result.report
    if report.year is not None and report.year != year:
        raise ReportError(
            _("文件是%(found)s年度的报告，与所选的%(year)s年度不符") % {"found": report.year, "year": year}
        )
    if not any(v is not None for _path, v in report.iter_cells()):
        raise ReportError(_("文件中没有读到年度报告的表格数据"))
    report.year = year
    report.agency = report.agency or agency.name
    _decide_with_stored_neighbours(agency, year, report, result.facts)
    digest = content_hash(report)
    files = _render_all(report)
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        last = latest_version(agency, year)
        if last is not None and last.origin == ReportVersion.Origin.LEDGER:
            raise ReportError(_("该年度已有由台账生成的报告，不能再导入"))
        now = timezone.now()
        version = ReportVersion.objects.create(
            agency=agency,
            year=year,
            number=(last.number if last else 0) + 1,
            origin=ReportVersion.Origin.IMPORT,
            template=report.template,
            data=report.to_json_dict(),
            content_hash=digest,
            source_name=name[:200],
            source_file=data,
            note=_("导入已发布的报告：%(name)s") % {"name": name[:150]},
            reading={
                "notes": list(result.facts.reading_notes),
                "open_cells": dict(result.facts.ambiguous_cells),
            },
            locked_by=actor,
            published_by=actor,
            published_at=now,
            **files,
        )
        audit.record(
            actor,
            "report_import",
            version,
            agency=agency,
            before=None,
            after={"number": version.number, "file": name, "content_hash": digest},
        )
    return version


# ---- differences between versions -----------------------------------------------------------------------


@dataclass(frozen=True)
class CellChange:
    path: str
    label: str
    old: Any
    new: Any


@dataclass(frozen=True)
class TextChange:
    key: str
    label: str
    lines: list[tuple[str, str]]  # (" " | "-" | "+", line)


def diff_reports(old: Report, new: Report) -> tuple[list[CellChange], list[TextChange]]:
    """Cell by cell (every table cell whose value differs) and line by line for each narrative section."""
    cat = load_catalog()
    old_cells = dict(old.iter_cells())
    cells = [
        CellChange(path, cat.label_of(path), old_cells.get(path), value)
        for path, value in new.iter_cells()
        if old_cells.get(path) != value
    ]
    texts = []
    for key in SECTIONS:
        a = (old.get(f"sections.{key}") or "").splitlines()
        b = (new.get(f"sections.{key}") or "").splitlines()
        if a != b:
            lines = [(ln[0], ln[2:]) for ln in difflib.ndiff(a, b) if ln[:1] in (" ", "-", "+")]
            texts.append(TextChange(key, cat.label_of(f"sections.{key}"), lines))
    return cells, texts


# ---- deadlines ----------------------------------------------------------------------------------------


def is_government(agency: Agency) -> bool:
    """A people's government (本级政府 report due 31 March) rather than one of its departments (31 January).
    The ledger has no such flag: the official name tells (“……人民政府”, not “……人民政府办公室”)."""
    return agency.name.endswith("人民政府")


def deadline(agency: Agency, year: int) -> dt.date:
    """Art. 49: departments by 31 January, the 本级政府 report by 31 March of the following year."""
    return dt.date(year + 1, 3, 31) if is_government(agency) else dt.date(year + 1, 1, 31)


@dataclass(frozen=True)
class DeadlineRow:
    agency: Agency
    state: str
    state_label: str
    deadline: dt.date
    published_on: dt.date | None
    versions: int
    timing: str  # on_time | late | overdue | due | ""
    timing_label: str
    days_left: int | None


def deadline_rows(agencies: list[Agency], year: int, today: dt.date) -> list[DeadlineRow]:
    """Per agency: the report's state and whether it was (or will be) published by the deadline. Three
    queries whatever the number of agencies."""
    ids = [a.pk for a in agencies]
    versions = {
        r["agency"]: r
        for r in ReportVersion.objects.filter(year=year, agency__in=ids)
        .values("agency")
        .annotate(n=Max("number"), first_published=Min("published_at"))
        .order_by()
    }
    latest_published = set(
        ReportVersion.objects.filter(year=year, agency__in=ids, published_at__isnull=False)
        .values_list("agency", "number")
        .order_by()
    )
    drafts = set(ReportDraft.objects.filter(year=year, agency__in=ids).values_list("agency", flat=True))
    rows = []
    labels = dict(ReportState.choices)
    for agency in agencies:
        v = versions.get(agency.pk)
        if v is None:
            state = ReportState.DRAFTING if agency.pk in drafts else ReportState.NOT_STARTED
            first = None
        else:
            state = ReportState.PUBLISHED if (agency.pk, v["n"]) in latest_published else ReportState.LOCKED
            first = timezone.localtime(v["first_published"]).date() if v["first_published"] else None
        due = deadline(agency, year)
        if first is not None:
            timing = "on_time" if first <= due else "late"
        elif today > due:
            timing = "overdue"
        else:
            timing = "due"
        timing_label = {
            "on_time": _("按时发布"),
            "late": _("逾期发布"),
            "overdue": _("已逾期未发布"),
            "due": _("未到期"),
        }[timing]
        rows.append(
            DeadlineRow(
                agency=agency,
                state=state,
                state_label=str(labels[state]),
                deadline=due,
                published_on=first,
                versions=v["n"] if v else 0,
                timing=timing,
                timing_label=timing_label,
                days_left=(due - today).days if first is None else None,
            )
        )
    return rows


def default_year(today: dt.date) -> int:
    """The report due this season: last year's."""
    return today.year - 1


__all__ = [
    "ReportError",
    "can_approve",
    "can_draft",
    "can_see_personal_data",
    "deadline_rows",
    "diff_reports",
    "import_report",
    "lock_report",
    "publish_version",
    "save_draft",
]
