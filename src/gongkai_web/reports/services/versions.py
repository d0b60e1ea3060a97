"""Locking, publishing and importing versions of a year's report. Every one checks the actor's permission
and writes the audit log in the same transaction as the change."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai import (
    DocumentFacts,
    InputError,
    Report,
    decide_with_neighbours,
    failing,
    read_bytes,
    report_from_dict,
)
from gongkai_web.agencies import audit
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import require
from gongkai_web.reports.exports import ExportCheckFailed, render_checked
from gongkai_web.reports.models import ReportVersion
from gongkai_web.reports.services.base import ReportError
from gongkai_web.reports.services.drafts import current_report, findings_for, latest_version, previous_report

FILE_FORMATS = ("docx", "pdf", "html")
IMPORT_MAX_BYTES = 20 * 1024 * 1024


def content_hash(report: Report) -> str:
    """SHA-256 of the report's canonical JSON (sorted keys, UTF-8): what a locked version promises."""
    text = json.dumps(report.to_json_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _new_version(
    actor: User,
    agency: Agency,
    year: int,
    report: Report,
    *,
    action: str,
    refuse: Callable[[ReportVersion | None, str], None],
    audit_after: dict[str, Any],
    **fields: Any,
) -> ReportVersion:
    """The next version of (agency, year) holding ``report`` with its hash and rendered files, audited as
    ``action``. ``refuse(last, digest)`` raises :class:`ReportError` if the last version forbids a new
    one. One transaction; the agency row is locked so two versions never take the same number."""
    digest = content_hash(report)
    try:
        files = render_checked(report, FILE_FORMATS)
    except ExportCheckFailed as exc:
        raise ReportError(str(exc)) from exc
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        last = latest_version(agency, year)
        refuse(last, digest)
        version = ReportVersion.objects.create(
            agency=agency,
            year=year,
            number=(last.number if last else 0) + 1,
            template=report.template,
            data=report.to_json_dict(),
            content_hash=digest,
            **files,
            **fields,
        )
        after = {"number": version.number, **audit_after, "content_hash": digest}
        audit.record(actor, action, version, agency=agency, before=None, after=after)
    return version


def lock_report(actor: User, agency: Agency, year: int, *, note: str = "") -> ReportVersion:
    """Freeze the report as it is now into a new version (tables, narrative, DOCX/PDF/HTML, hash).

    Refused while the checker finds errors, or when nothing changed since the last version."""
    require(actor, "decide", agency)
    report = current_report(agency, year)
    previous, _source = previous_report(agency, year)
    errors = failing(findings_for(report, previous))
    if errors:
        raise ReportError(
            _("检查发现 %(n)s 个错误，改正后才能锁定：%(first)s")
            % {"n": len(errors), "first": errors[0].message}
        )

    def refuse(last: ReportVersion | None, digest: str) -> None:
        if last is not None and last.content_hash == digest:
            raise ReportError(_("报告内容与第%(n)s版相同，无需重新锁定") % {"n": last.number})
        if last is not None and not note.strip():
            raise ReportError(_("更正已锁定的报告须填写更正说明"))

    return _new_version(
        actor,
        agency,
        year,
        report,
        action="report_lock",
        refuse=refuse,
        audit_after={},
        note=note.strip(),
        locked_by=actor,
    )


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
    report.year = year
    report.agency = report.agency or agency.name
    _decide_with_stored_neighbours(agency, year, report, result.facts)

    def refuse(last: ReportVersion | None, digest: str) -> None:
        if last is not None and last.origin == ReportVersion.Origin.LEDGER:
            raise ReportError(_("该年度已有由台账生成的报告，不能再导入"))

    return _new_version(
        actor,
        agency,
        year,
        report,
        action="report_import",
        refuse=refuse,
        audit_after={"file": name},
        origin=ReportVersion.Origin.IMPORT,
        source_name=name[:200],
        source_file=data,
        note=_("导入已发布的报告：%(name)s") % {"name": name[:150]},
        reading={
            "notes": list(result.facts.reading_notes),
            "open_cells": dict(result.facts.ambiguous_cells),
        },
        locked_by=actor,
        published_by=actor,
        published_at=timezone.now(),
    )
