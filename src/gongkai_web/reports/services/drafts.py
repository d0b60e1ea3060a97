"""Reading the stored state of a year's report (its draft, its versions, last year's report) and saving the
draft."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongkai import Finding, Report, check_report, report_from_dict
from gongkai_web.agencies import audit
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import require
from gongkai_web.common.saving import versioned_update
from gongkai_web.reports.models import ReportDraft, ReportVersion
from gongkai_web.reports.services.base import SECTIONS, ReportError
from gongkai_web.reports.tables import compute_report


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


def get_draft(agency: Agency, year: int) -> ReportDraft | None:
    return ReportDraft.objects.filter(agency=agency, year=year).first()


def draft_sections(draft: ReportDraft | None) -> dict[str, str | None]:
    """The saved narrative: ``None`` for every section while nothing is saved, else the saved text (``""``
    for a section saved empty, which the checker reports)."""
    if draft is None:
        return dict.fromkeys(SECTIONS)
    return {k: getattr(draft, k) or "" for k in SECTIONS}


def clean_sections(sections: dict[str, str | None]) -> dict[str, str]:
    """The narrative as :func:`save_draft` stores it (each section stripped)."""
    return {key: (sections.get(key) or "").strip() for key in SECTIONS}


def unsaved(draft: ReportDraft | None, sections: dict[str, str | None]) -> bool:
    """Whether ``sections`` (a posted form) differ from the saved draft."""
    return draft is None or clean_sections(sections) != {k: getattr(draft, k) for k in SECTIONS}


def saved_report(agency: Agency, year: int) -> Report:
    """The report as it would be locked now: the ledger's tables and the saved narrative. Refused while
    nothing is saved: what is checked, locked and published is always a saved state."""
    draft = get_draft(agency, year)
    if draft is None:
        raise ReportError(_("正文尚未保存：请先点“保存并检查”，看过检查结果后再锁定"))
    return current_report(agency, year, draft_sections(draft))


#: The version a form sends when no draft of the year existed when it was opened.
NO_DRAFT = 0


def save_draft(
    actor: User, agency: Agency, year: int, sections: dict[str, str], *, expected_version: int | None = None
) -> ReportDraft:
    """Save the narrative of (agency, year). ``expected_version`` is the draft's version when the form was
    opened, :data:`NO_DRAFT` when there was none yet (``None``: unchecked, for callers that are not forms):
    of two editors who both opened the year before anything was saved, the second is refused as stale
    instead of overwriting the first."""
    require(actor, "publish", agency)
    text = clean_sections(dict(sections))
    draft = get_draft(agency, year)
    if draft is None:
        if expected_version not in (None, NO_DRAFT):
            raise ReportError.stale()
        try:
            with transaction.atomic():
                draft = ReportDraft.objects.create(agency=agency, year=year, updated_by=actor, **text)
                after = audit.snapshot(draft, SECTIONS)
                audit.record(actor, "report_draft", draft, agency=agency, before=None, after=after)
        except IntegrityError:  # the other editor's first save came in between
            raise ReportError.stale() from None
        return draft
    if expected_version == NO_DRAFT:
        raise ReportError.stale()
    with versioned_update(
        actor,
        draft,
        expected_version=expected_version,
        permission="publish",
        action="report_draft",
        audited=SECTIONS,
        saved=("updated_by",),
        error=ReportError,
    ) as fresh:
        for key, value in text.items():
            setattr(fresh, key, value)
        fresh.updated_by = actor
    return fresh


def current_report(agency: Agency, year: int, sections: dict[str, str | None] | None = None) -> Report:
    """The report as it would be locked now: the ledger's tables and the draft's (or the given) sections."""
    if sections is None:
        sections = draft_sections(get_draft(agency, year))
    return compute_report(agency, year, sections)


def findings_for(report: Report, previous: Report | None) -> list[Finding]:
    return check_report(report, previous=previous)
