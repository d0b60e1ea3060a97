"""Importing an agency's own earlier published report, and locking it.

The import is not the ledger's: it reads a report the agency itself published (the agency named in it must
be this agency — the same name once normalised, or an approver confirms with a reason, audited). Reports of
other agencies belong to supervision. An import becomes an unlocked version that shows the checker's
findings and the reading notes; it is published only through the same path as any version: checked, locked
(:func:`lock_import`, refused while the checker finds errors), then published."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai import (
    DocumentFacts,
    Finding,
    InputError,
    Report,
    check_report,
    decide_with_neighbours,
    failing,
    read_bytes,
    report_from_dict,
)
from gongkai_web.agencies import audit
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import require
from gongkai_web.reports.models import ReportVersion
from gongkai_web.reports.services.base import ReportError
from gongkai_web.reports.services.drafts import latest_version, previous_report
from gongkai_web.reports.services.versions import latest_for_update, new_version

IMPORT_MAX_BYTES = 20 * 1024 * 1024


def same_agency(named: str | None, agency: Agency) -> bool:
    """Whether the agency a report names is ``agency``: equal once Unicode-normalised (NFKC) and without
    whitespace. Nothing looser: a similar name is another agency until a person says otherwise."""
    if not named:
        return False
    return _plain(named) == _plain(agency.name)


def _plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


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


def _agency_refused(named: str | None, agency: Agency) -> str:
    if named:
        return _(
            "文件中的机关是“%(named)s”，不是本机关“%(agency)s”。这里只导入本机关以往发布的报告；"
            "其他机关的报告由上级机关在“监督”中收集，不能记为本机关的报告。"
            "如确为本机关的报告（例如机构更名前发布），请填写确认理由后重新导入"
        ) % {"named": named, "agency": agency.name}
    return _(
        "文件中没有读到发布机关的名称，无法确认是本机关“%(agency)s”的报告。"
        "如确为本机关的报告，请填写确认理由后重新导入；其他机关的报告由上级机关在“监督”中收集"
    ) % {"agency": agency.name}


def finding_record(f: Finding) -> dict[str, Any]:
    """A finding as an imported version keeps it (JSON)."""
    return {"code": f.code, "severity": str(f.severity), "message": f.message, "paths": list(f.paths)}


def import_report(
    actor: User, agency: Agency, year: int, *, name: str, data: bytes, confirm_reason: str = ""
) -> ReportVersion:
    """Read this agency's own published report of a past year into an unlocked version, with the checker's
    findings and the reading notes. Nothing is saved unless the file reads as a report of that year by this
    agency (or an approver confirms it is, with ``confirm_reason``)."""
    require(actor, "decide", agency)
    if year >= timezone.localdate().year:
        raise ReportError(_("只能导入以往年度已发布的报告"))
    if len(data) > IMPORT_MAX_BYTES:
        raise ReportError(
            _("文件过大（%(mb).1f MB），上限 %(max)s MB")
            % {"mb": len(data) / 1e6, "max": IMPORT_MAX_BYTES // 10**6},
            field="file",
        )
    try:
        result = read_bytes(data, name=name, max_bytes=IMPORT_MAX_BYTES)
    except InputError as exc:
        raise ReportError(exc.line(), field="file") from exc
    report = result.report
    if report.year is not None and report.year != year:
        raise ReportError(
            _("文件是%(found)s年度的报告，与所选的%(year)s年度不符") % {"found": report.year, "year": year},
            field="file",
        )
    if not any(v is not None for _path, v in report.iter_cells()):
        raise ReportError(_("文件中没有读到年度报告的表格数据"), field="file")
    named = report.agency
    reason = " ".join(confirm_reason.split())[:300]
    if not same_agency(named, agency) and not reason:
        raise ReportError(_agency_refused(named, agency), field="confirm_reason")
    report.year = year
    report.agency = named or agency.name  # a report that names no agency: the approver confirmed it is ours
    _decide_with_stored_neighbours(agency, year, report, result.facts)
    previous, _source = previous_report(agency, year)
    findings = check_report(report, previous=previous, facts=result.facts)

    def refuse(last: ReportVersion | None, digest: str) -> None:
        if last is not None and last.origin == ReportVersion.Origin.LEDGER:
            raise ReportError(_("该年度已有由台账生成的报告，不能再导入"))

    confirmed = {"agency_in_file": named or "", "confirm_reason": reason} if reason else {}
    return new_version(
        actor,
        agency,
        year,
        report,
        action="report_import",
        refuse=refuse,
        audit_after={"file": name, **confirmed},
        origin=ReportVersion.Origin.IMPORT,
        source_name=name[:200],
        source_file=data,
        note=_("导入已发布的报告：%(name)s") % {"name": name[:150]},
        reading={
            "notes": list(result.facts.reading_notes),
            "sources": list(result.facts.cell_sources),
            "open_cells": dict(result.facts.ambiguous_cells),
            "findings": [finding_record(f) for f in findings],
            **confirmed,
        },
    )


def import_findings(version: ReportVersion) -> list[Finding]:
    """The checker on an imported version as it was read: its file is read again for what the reader saw
    besides the values (headings, the 统计期限 …), with last year's report of the agency."""
    report = report_from_dict(version.data)
    facts = None
    if version.source_file:
        try:
            facts = read_bytes(bytes(version.source_file), name=version.source_name).facts
        except InputError:
            facts = None
    previous, _source = previous_report(version.agency, version.year)
    return check_report(report, previous=previous, facts=facts)


def lock_import(actor: User, version: ReportVersion) -> ReportVersion:
    """Lock an imported version after the checker found no error in it: the step before publishing."""
    require(actor, "decide", version.agency)
    if version.origin != ReportVersion.Origin.IMPORT or version.locked_at is not None:
        raise ReportError(_("该版本已锁定"))
    errors = failing(import_findings(version))
    if errors:
        raise ReportError(
            _("检查发现 %(n)s 个错误，不能锁定导入的报告：%(first)s")
            % {"n": len(errors), "first": errors[0].message}
        )
    with transaction.atomic():
        fresh = latest_for_update(version, _("只能锁定最新版本"))
        if fresh.locked_at is not None:
            raise ReportError(_("该版本已锁定"))
        fresh.locked_at = timezone.now()
        fresh.locked_by = actor
        fresh.save(update_fields=["locked_at", "locked_by"])
        after = {"number": fresh.number, "content_hash": fresh.content_hash}
        audit.record(actor, "report_lock", fresh, agency=fresh.agency, before=None, after=after)
    return fresh
