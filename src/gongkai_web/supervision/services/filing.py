"""A read report into the collected report of its agency and year. Runs inside the caller's transaction,
with the collected report's row locked, so two workers never number two versions alike."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from gongkai import Report, report_from_dict
from gongkai.layout import template_for_year
from gongkai_web.agencies.models import Agency
from gongkai_web.common.bulk import update_rows
from gongkai_web.common.memo import Recent
from gongkai_web.reports.services.diff import diff_reports
from gongkai_web.reports.services.versions import json_hash
from gongkai_web.supervision.models import (
    BatchItem,
    CollectedReport,
    CollectedVersion,
    ItemStatus,
    PublishedHow,
    counted,
)


def report_hash(data: dict[str, Any]) -> str:
    """The content hash of a report as read, whatever file it came in (its ``source`` left out): the same
    report as DOCX and as PDF is one report. Its cells' source locations are not content either. Taken from
    the JSON form as it is, which is the report's own (``Report.to_json_dict``): the :func:`content_hash` of
    the report without its source and locations, without validating it again."""
    return json_hash({**{k: v for k, v in data.items() if k != "cells"}, "source": None})


#: The reports of the versions filed lately, by content hash: the next version of a report is compared with
#: the one before, which a worker has usually just filed itself (a content hash names one content, so an
#: entry never goes stale).
_RECENT: Recent[str, Report] = Recent(64)


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
    """The collected report's summary after a new version (saved by the caller, :data:`SUMMARY`): the
    latest, how many, and the publication date — the first date a version prints, unless a person has
    corrected it."""
    collected.latest = version
    collected.version_count = version.number
    if (
        collected.published_how != PublishedHow.MANUAL
        and collected.published_on is None
        and version.published
    ):
        collected.published_on = version.published
        collected.published_how = PublishedHow.REPORT


#: the fields of a collected report :func:`_note_version` sets
SUMMARY = ("latest", "version_count", "published_on", "published_how")


def _hand_over(item: BatchItem, version: CollectedVersion) -> None:
    """The item is filed as ``version``, which keeps the report and its findings: the item's own copy, kept
    only while it waited for a person, is dropped (the item keeps the counts by severity)."""
    item.version, item.data, item.checks = version, None, []


def _collected_many(wanted: set[tuple[Agency, int]]) -> dict[tuple[int, int], CollectedReport]:
    """The collected report of each (agency, year), locked: those that exist in one query, the others
    created one by one."""
    agencies = {a.pk for a, _y in wanted}
    found = {
        (r.agency_id, r.year): r
        for r in CollectedReport.objects.select_for_update().filter(
            agency_id__in=agencies, year__in={y for _a, y in wanted}
        )
    }
    for agency, year in wanted:
        if (agency.pk, year) not in found:
            found[agency.pk, year] = _collected(agency, year)
    return found


@dataclass
class _Report:
    """What filing needs to know of a collected report: its versions by content hash, its newest one and
    that one's report (to compare the next with)."""

    collected: CollectedReport
    by_hash: dict[str, CollectedVersion]
    newest: CollectedVersion | None
    newest_report: Report | None = None


class Entry(NamedTuple):
    """An item to file as ``agency``'s report of ``year``; ``report``: the report the item's ``data`` is the
    JSON form of, when the caller has it (else validated from ``data``)."""

    item: BatchItem
    agency: Agency
    year: int
    report: Report | None = None


def _reports(entries: Sequence[Entry], digests: set[str]) -> dict[tuple[int, int], _Report]:
    """The collected reports the entries go to, locked, with those of their versions whose content hash is
    among ``digests`` and their newest version, with its report (to diff against; read from the database
    only when not filed lately): four or five queries whatever the number of entries or of the reports'
    versions."""
    collected = _collected_many({(e.agency, e.year) for e in entries})
    ids = {r.pk: key for key, r in collected.items()}
    out = {key: _Report(r, {}, None) for key, r in collected.items()}
    known = CollectedVersion.objects.filter(report_id__in=ids, content_hash__in=digests)
    for version in known.only("pk", "report_id", "number", "content_hash"):
        out[ids[version.report_id]].by_hash[version.content_hash] = version
    newest = CollectedVersion.objects.filter(report=OuterRef("pk")).order_by("-number").values("pk")[:1]
    pks = CollectedReport.objects.filter(pk__in=ids).annotate(newest=Subquery(newest)).values("newest")
    fields = ("pk", "report_id", "number", "content_hash")
    for version in CollectedVersion.objects.filter(pk__in=pks).only(*fields):
        known = out[ids[version.report_id]]
        known.newest, known.newest_report = version, _RECENT.get(version.content_hash)
    unread = {r.newest.pk: r for r in out.values() if r.newest is not None and r.newest_report is None}
    for pk, data in CollectedVersion.objects.filter(pk__in=unread).values_list("pk", "data"):
        unread[pk].newest_report = report_from_dict(data, cells=False)
    return out


def file_items(entries: Sequence[Entry]) -> list[CollectedVersion]:
    """File each item (read, with its report) as its agency's report of its year, in order: a content the
    report already has — or that an earlier entry brought — is that version (status duplicate); a new
    content is the report's next version, with the number of cells that differ from the one before. Sets
    each item's version, status and reason (the caller saves the items) and writes the new versions, their
    cells, the indicator rows and the collected reports' summaries in a few statements however many the
    entries are. Must run in a transaction: the collected reports stay locked, so two workers never number
    two versions alike. Returns the new versions."""
    from gongkai_web.analysis.services import store_rows
    from gongkai_web.summaries.cells import write_cells

    if not entries:
        return []
    digests = [report_hash(e.item.data or {}) for e in entries]
    reports = _reports(entries, set(digests))
    names = {reports[e.agency.pk, e.year].collected.pk: e.agency.name for e in entries}
    new: list[CollectedVersion] = []
    read: list[tuple[CollectedVersion, Report]] = []  # each new version's report
    # per entry: its version, and for a new one the number of the version it was compared with (0: none)
    decided: list[tuple[BatchItem, Agency, int, CollectedVersion, int | None]] = []
    for (item, agency, year, report), digest in zip(entries, digests, strict=True):
        assert item.data is not None
        known = reports[agency.pk, year]
        version = known.by_hash.get(digest)
        if version is not None:
            decided.append((item, agency, year, version, None))
            continue
        if report is None:
            report = report_from_dict(item.data, cells=False)
        last = known.newest
        changed = None
        if last is not None:
            assert known.newest_report is not None
            changed = len(diff_reports(known.newest_report, report)[0])
        counts = rule_counts(item.checks)
        version = CollectedVersion(
            report=known.collected,
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
        known.by_hash[digest] = known.newest = version
        known.newest_report = report
        new.append(version)
        read.append((version, report))
        decided.append((item, agency, year, version, last.number if last else 0))
    CollectedVersion.objects.bulk_create(new)  # (no post_save: the cells and indicators are written below)
    for version in new:
        _note_version(version.report, version)
    newest = {v.report_id: v for v in new}  # (a report given two new versions: the later one)
    update_rows([v.report for v in newest.values()], SUMMARY)
    write_cells((v.pk, report) for v, report in read)
    for v, report in read:
        _RECENT.put(v.content_hash, report)
    store_rows([(v, names[v.report_id]) for v in newest.values()])
    for item, agency, year, version, compared in decided:
        _hand_over(item, version)
        _set_outcome(item, agency.name, year, version, compared)
    return new


def _set_outcome(
    item: BatchItem, agency: str, year: int, version: CollectedVersion, compared: int | None
) -> None:
    """The item's status and reason: the same as ``version``, already received (``compared`` None), or
    filed as ``version`` and compared with version ``compared`` (0: the report's first)."""
    names = {"agency": agency, "year": year, "n": version.number}
    if compared is None:
        item.status = ItemStatus.DUPLICATE
        item.reason = _("与已收到的%(agency)s%(year)s年度报告第%(n)s版内容相同，未另存") % names
        return
    flagged = item.findings.get("error", 0) + item.findings.get("warning", 0)
    item.status = ItemStatus.READ_WITH_FINDINGS if flagged else ItemStatus.READ
    reason = _("归入%(agency)s%(year)s年度报告第%(n)s版") % names
    if compared:
        reason += _("（与第%(n)s版相比 %(k)s 个单元格不同）") % {"n": compared, "k": version.changed_cells}
    item.reason = reason[:300]


def file_item(item: BatchItem, agency: Agency, year: int, report: Report | None = None) -> None:
    """:func:`file_items` of one item."""
    file_items([Entry(item, agency, year, report)])
