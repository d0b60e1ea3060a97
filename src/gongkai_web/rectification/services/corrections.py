"""A corrected report, sent by the agency's own account or by its supervisor, through the intake: stored as a
batch item, read and checked as every collected file is, filed as a new version of the same collected report
(never an overwrite), then re-checked: a problem none of whose findings the new version still has is proposed
as corrected (the supervisor confirms it)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai_web.agencies import audit
from gongkai_web.agencies.models import User
from gongkai_web.rectification.models import Problem
from gongkai_web.rectification.services.problems import can_see, version_findings
from gongkai_web.rectification.transitions import ACTIVE
from gongkai_web.supervision.models import Batch, BatchItem, CollectedReport, CollectedVersion, ItemStatus
from gongkai_web.supervision.services.filing import file_item
from gongkai_web.supervision.services.matching import normalise
from gongkai_web.supervision.services.processing import Examined, examine, keep_reading
from gongkai_web.supervision.services.unpack import is_zip, too_large

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What became of the file: its batch item, the version it was filed as (``None``: refused), and the
    problems proposed as corrected or still found."""

    item: BatchItem
    version: CollectedVersion | None
    proposed: list[Problem] = field(default_factory=list)
    remaining: list[Problem] = field(default_factory=list)

    @property
    def message(self) -> str:
        if self.version is None:
            return _("未能接收：%(why)s") % {"why": self.item.reason}
        if self.item.status == ItemStatus.DUPLICATE:
            return self.item.reason
        return _("%(filed)s；复查：%(p)s 个问题未再发现，建议确认已整改；%(r)s 个问题仍存在") % {
            "filed": self.item.reason,
            "p": len(self.proposed),
            "r": len(self.remaining),
        }


def _mismatch(ex: Examined, report: CollectedReport) -> str:
    """Why the file is not this report (another year, another agency), or ``""``."""
    if ex.year is not None and ex.year != report.year:
        return _("文件是%(y)s年度的报告，不是%(want)s年度") % {"y": ex.year, "want": report.year}
    if ex.agency_name:
        agency = report.agency
        names = {normalise(agency.name), normalise(agency.short_name)} - {""}
        names |= {normalise(a.name) for a in agency.aliases.all()}  # type: ignore[attr-defined]
        matched = ex.match is not None and ex.match.agency is not None and ex.match.agency.pk == agency.pk
        if normalise(ex.agency_name) not in names and not matched:
            return _("文件所署机构为“%(name)s”，不是%(want)s") % {"name": ex.agency_name, "want": agency.name}
    return ""


def receive_correction(actor: User, report: CollectedReport, name: str, data: bytes) -> Outcome:
    """File ``data`` as the corrected version of ``report`` and re-check its problems."""
    if not can_see(actor, report.agency):
        raise PermissionDenied(_("您没有权限执行此操作"))
    region = report.problems.order_by("id").values_list("region", flat=True).first()  # type: ignore[attr-defined]
    if region is None:
        raise PermissionDenied(_("该报告没有整改问题，无需报送整改后的报告"))
    reason = ""
    if not data:
        reason = _("文件是空的")
    elif is_zip(name, data[:4]):
        reason = _("请上传一份报告文件，不要上传压缩包")
    elif len(data) > settings.GONGKAI_INTAKE_MAX_FILE_BYTES:
        reason = too_large(len(data))
    with transaction.atomic():
        batch = Batch.objects.create(
            agency_id=region,
            created_by=actor,
            source=Batch.Source.FILES,
            name=_("整改后报告：%(agency)s%(year)s年度")
            % {"agency": report.agency.name, "year": report.year},
        )
        item = BatchItem.objects.create(
            batch=batch,
            name=name[:255],
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            content=None if reason else data,
            status=ItemStatus.PROCESSING,
            reason=reason,
            claimed_by=f"upload:{actor.pk}",
            attempts=1,
            started_at=timezone.now(),
        )
    item = BatchItem.objects.select_related("batch__agency").get(pk=item.pk)
    try:
        ex = examine(item)  # read and check outside the transaction: the slow part
    except Exception as exc:  # a bug in a reader: the item says so, the log has it (as the intake does)
        log.exception("reading the corrected report %s failed", name)
        ex = Examined(
            ItemStatus.REFUSED, _("内部错误：%(err)s（请报告此文件）") % {"err": type(exc).__name__}
        )
    if ex.status != ItemStatus.REFUSED:
        why = _mismatch(ex, report)
        if why:
            ex = Examined(ItemStatus.REFUSED, why)
    with transaction.atomic():
        fresh = BatchItem.objects.select_for_update().select_related("batch__agency").get(pk=item.pk)
        fresh.status, fresh.reason = ex.status, ex.reason[:300]
        keep_reading(fresh, ex)
        if ex.data is not None:
            fresh.match_score = round(ex.match.score, 3) if ex.match else None
            file_item(fresh, report.agency, report.year, ex.report)
        fresh.finished_at = timezone.now()
        fresh.save()
        audit.record(
            actor,
            "correction_upload",
            fresh,
            agency=report.agency,
            before=None,
            after={"report": report.pk, "status": fresh.status, "version": fresh.version_id},
        )
    outcome = Outcome(fresh, fresh.version if fresh.status != ItemStatus.REFUSED else None)
    if outcome.version is not None and fresh.status != ItemStatus.DUPLICATE:
        outcome.proposed, outcome.remaining = recheck(actor, report, outcome.version)
    return outcome


def recheck(
    actor: User, report: CollectedReport, version: CollectedVersion
) -> tuple[list[Problem], list[Problem]]:
    """Mark each unfinished problem of ``report`` proposed as corrected when ``version`` has none of its
    findings and no finding on any of its cells (a blank cell that was an ambiguous one is not corrected), or
    clear an earlier proposal when one is back; audited, and the problem's version bumped
    so a form opened before is refused as stale."""
    found = version_findings(version)
    keys = {f["key"] for f in found}
    cells = {p for f in found for p in f["paths"]}
    proposed, remaining = [], []
    with transaction.atomic():
        for problem in report.problems.select_for_update().filter(status__in=ACTIVE).order_by("id"):  # type: ignore[attr-defined]
            gone = not any(f["key"] in keys or cells & set(f["paths"]) for f in problem.findings)
            target = version if gone else None
            (proposed if gone else remaining).append(problem)
            if problem.proposed_in_id == (target.pk if target else None):
                continue
            Problem.objects.filter(pk=problem.pk).update(
                proposed_in=target, version=F("version") + 1, updated_at=timezone.now()
            )
            audit.record(
                actor,
                "problem_proposed" if gone else "problem_found_again",
                problem,
                agency=problem.agency,
                before={"proposed_in": problem.proposed_in_id},
                after={"proposed_in": target.pk if target else None, "version": version.number},
            )
    return proposed, remaining
