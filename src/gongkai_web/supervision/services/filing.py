"""A read report into the collected report of its agency and year. Runs inside the caller's transaction,
with the collected report's row locked, so two workers never number two versions alike."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongkai import report_from_dict
from gongkai.layout import template_for_year
from gongkai_web.agencies.models import Agency
from gongkai_web.reports.services.diff import diff_reports
from gongkai_web.reports.services.versions import content_hash
from gongkai_web.supervision.models import (
    BatchItem,
    CollectedReport,
    CollectedVersion,
    ItemStatus,
    PublishedHow,
    counted,
)


def _values_only(data: dict[str, Any]) -> Any:
    """The report without its cells' source locations (validating them costs ~10 ms a report)."""
    return report_from_dict({k: v for k, v in data.items() if k != "cells"})


def report_hash(data: dict[str, Any]) -> str:
    """The content hash of a report as read, whatever file it came in (its ``source`` left out): the same
    report as DOCX and as PDF is one report. Its cells' source locations are not content either (and not
    validating them saves most of the hash's time)."""
    return content_hash(report_from_dict({k: v for k, v in data.items() if k not in ("source", "cells")}))


def _collected(agency: Agency, year: int) -> CollectedReport:
    """The agency's collected report of ``year``, locked; created if it is the first."""
    found = CollectedReport.objects.select_for_update().filter(agency=agency, year=year).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            report, _created = CollectedReport.objects.get_or_create(agency=agency, year=year)
    except IntegrityError:  # another worker created it between our look and our insert
        report = CollectedReport.objects.get(agency=agency, year=year)
    return CollectedReport.objects.select_for_update().get(pk=report.pk)


#: The rule that says a report uses the other year's template (``docs/rules.md``): a report the reader took
#: for the right template may still print the superseded one's rows.
TEMPLATE_RULE = "F101"


def template_fits(template: str, year: int, counts: dict[str, int]) -> bool:
    """Whether a report is on the template of its year, by what it prints and by the template rule."""
    return template == template_for_year(year) and not counts.get(TEMPLATE_RULE)


def rule_counts(checks: list[dict[str, Any]]) -> dict[str, int]:
    """Findings per rule code (accepted ones left out, as in the counts by severity)."""
    out: dict[str, int] = {}
    for f in checks:
        if counted(f):
            out[f["code"]] = out.get(f["code"], 0) + 1
    return out


def _note_version(collected: CollectedReport, version: CollectedVersion) -> None:
    """The collected report's summary after a new version: the latest, how many, and the publication date —
    the first date a version prints, unless a person has corrected it."""
    collected.latest = version
    collected.version_count = version.number
    fields = ["latest", "version_count"]
    if (
        collected.published_how != PublishedHow.MANUAL
        and collected.published_on is None
        and version.published
    ):
        collected.published_on = version.published
        collected.published_how = PublishedHow.REPORT
        fields += ["published_on", "published_how"]
    collected.save(update_fields=fields)


def _hand_over(item: BatchItem, version: CollectedVersion) -> None:
    """The item is filed as ``version``, which keeps the report and its findings: the item's own copy, kept
    only while it waited for a person, is dropped (the item keeps the counts by severity)."""
    item.version, item.data, item.checks = version, None, []


def file_item(item: BatchItem, agency: Agency, year: int) -> None:
    """Set ``item``'s version, status and reason (the caller saves it). Must run in a transaction."""
    assert item.data is not None
    collected = _collected(agency, year)
    digest = report_hash(item.data)
    same = collected.versions.filter(content_hash=digest).only("pk", "number").first()
    if same is not None:
        _hand_over(item, same)
        item.status = ItemStatus.DUPLICATE
        item.reason = _("与已收到的%(agency)s%(year)s年度报告第%(n)s版内容相同，未另存") % {
            "agency": agency.name,
            "year": year,
            "n": same.number,
        }
        return
    last = collected.versions.order_by("-number").first()
    changed = None
    if last is not None:
        cells, _texts = diff_reports(_values_only(last.data), _values_only(item.data))
        changed = len(cells)
    counts = rule_counts(item.checks)
    version = CollectedVersion.objects.create(
        report=collected,
        number=(last.number if last else 0) + 1,
        content_hash=digest,
        template=item.template,
        data=item.data,
        changed_cells=changed,
        source_name=item.name[:255],
        errors=item.findings.get("error", 0),
        warnings=item.findings.get("warning", 0),
        infos=item.findings.get("info", 0),
        rule_counts=counts,
        checks=item.checks,
        template_ok=template_fits(item.template, year, counts),
        published=item.published,
    )
    _note_version(collected, version)
    _hand_over(item, version)
    flagged = item.findings.get("error", 0) + item.findings.get("warning", 0)
    item.status = ItemStatus.READ_WITH_FINDINGS if flagged else ItemStatus.READ
    reason = _("归入%(agency)s%(year)s年度报告第%(n)s版") % {
        "agency": agency.name,
        "year": year,
        "n": version.number,
    }
    if changed is not None:
        reason += _("（与第%(n)s版相比 %(k)s 个单元格不同）") % {"n": last.number, "k": changed}  # type: ignore[union-attr]
    item.reason = reason[:300]
