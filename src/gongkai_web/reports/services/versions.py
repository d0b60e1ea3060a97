"""Locking and publishing versions of a year's report (importing: :mod:`.imports`). Every one checks the
actor's permission and writes the audit log in the same transaction as the change.

What is locked is what was checked: :func:`lock_report` locks the saved draft only (never text still in a
form), runs the checker on exactly the report it freezes, and, given the hash of the report the officer saw
checked, refuses if anything changed since."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai import (
    Report,
    failing,
)
from gongkai_web.agencies import audit
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import require
from gongkai_web.reports.exports import ExportCheckFailed, render_checked
from gongkai_web.reports.models import ReportVersion
from gongkai_web.reports.services.base import ReportError
from gongkai_web.reports.services.drafts import (
    findings_for,
    get_draft,
    latest_version,
    previous_report,
    saved_report,
    unsaved,
)

FILE_FORMATS = ("docx", "pdf", "html", "xlsx")
#: Why a lock is refused when the officer's form holds text that is not the saved draft.
UNSAVED = gettext_lazy("正文有未保存的修改：请先点“保存并检查”，看过检查结果后再锁定（本次未锁定）")


def content_hash(report: Report) -> str:
    """SHA-256 of the report's canonical JSON (sorted keys, UTF-8): what a locked version promises."""
    return json_hash(report.to_json_dict())


def json_hash(data: dict[str, Any]) -> str:
    """SHA-256 of a report's JSON form written canonically (:func:`content_hash` of the report it is)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_version(
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


def lock_report(
    actor: User,
    agency: Agency,
    year: int,
    *,
    note: str = "",
    checked: str | None = None,
    sections: dict[str, str | None] | None = None,
    replace_import: bool = False,
) -> ReportVersion:
    """Freeze the saved report into a new version (tables, narrative, DOCX/PDF/HTML/XLSX, hash).

    ``sections``: the narrative in the officer's form when they pressed 锁定 — refused if it differs from the
    saved draft (nothing unsaved is ever locked, nor silently dropped). ``checked``: the hash of the report
    whose findings the officer saw — refused if the report changed since (the draft, or the ledger). Refused
    while nothing is saved, while the checker finds errors, when nothing changed since the last version,
    and, when the last version is an imported report, unless ``replace_import`` confirms that the ledger's
    tables replace it."""
    require(actor, "decide", agency)
    note = note.strip() or (_("以台账数据取代导入的报告") if replace_import else "")
    if sections is not None and unsaved(get_draft(agency, year), sections):
        raise ReportError(str(UNSAVED))
    report = saved_report(agency, year)
    digest = content_hash(report)
    if checked is not None and checked != digest:
        raise ReportError(
            _("检查之后报告内容有变化（正文或台账数据已更新），请重新检查后再锁定（本次未锁定）")
        )
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
        if last is not None and last.origin == ReportVersion.Origin.IMPORT and not replace_import:
            raise ReportError(replace_import_warning(last, report), field="replace_import")
        if last is not None and not note:
            raise ReportError(_("更正已锁定的报告须填写更正说明"), field="note")

    return new_version(
        actor,
        agency,
        year,
        report,
        action="report_lock",
        refuse=refuse,
        audit_after={"checked": checked or ""},
        note=note,
        locked_by=actor,
        locked_at=timezone.now(),
    )


def replace_import_warning(last: ReportVersion, ledger: Report) -> str:
    """Why locking the ledger's tables over an imported report needs a confirmation (both 本年新收 totals)."""
    imported = (last.data.get("requests") or {}).get("received", {}).get("total")
    return _(
        "本年度已有导入的已发布报告第%(n)s版（本年新收申请 %(imported)s 件），台账数据为 %(ledger)s 件。"
        "锁定将以台账数据生成新版本取代导入的报告；确认台账数据完整后，请勾选“以台账数据取代导入的报告”再锁定"
    ) % {
        "n": last.number,
        "imported": "—" if imported is None else imported,
        "ledger": ledger.requests.received.total,
    }


def latest_for_update(version: ReportVersion, not_latest: str) -> ReportVersion:
    """``version``'s row locked for update (call inside a transaction); refused with ``not_latest`` unless it
    is the latest version of its year."""
    fresh = ReportVersion.objects.select_for_update().get(pk=version.pk)
    last = latest_version(fresh.agency, fresh.year)
    if last is None or last.pk != fresh.pk:
        raise ReportError(not_latest)
    return fresh


def publish_version(actor: User, version: ReportVersion) -> ReportVersion:
    """Publish the latest version on the public page: a locked one (an import is locked first)."""
    require(actor, "decide", version.agency)
    with transaction.atomic():
        fresh = latest_for_update(version, _("只能发布最新版本"))
        if fresh.published_at is not None:
            raise ReportError(_("该版本已发布"))
        if fresh.locked_at is None:
            raise ReportError(_("导入的报告须先检查并锁定，才能发布"))
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
