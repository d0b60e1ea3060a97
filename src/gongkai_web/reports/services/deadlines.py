"""Art. 49: each agency's report against its deadline, which the core clock gives by the kind of agency
(:func:`gongkai.clock.report_deadline`; the kind is :attr:`Agency.kind`, set in the admin)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.clock import report_deadline
from gongkai_web.agencies.models import Agency
from gongkai_web.reports.models import ReportDraft, ReportState, ReportVersion

TIMING_LABELS = {
    "on_time": _("按时发布"),
    "late": _("逾期发布"),
    "overdue": _("已逾期未发布"),
    "due": _("未到期"),
}


def deadline(agency: Agency, year: int) -> dt.date:
    """The last day to publish ``agency``'s report on ``year``."""
    return report_deadline(year, agency.kind)


@dataclass(frozen=True)
class DeadlineRow:
    agency: Agency
    state: str
    state_label: str
    deadline: dt.date
    published_on: dt.date | None
    versions: int
    timing: str  # on_time | late | overdue | due
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
    locked = set(
        ReportVersion.objects.filter(year=year, agency__in=ids, locked_at__isnull=False)
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
            latest = (agency.pk, v["n"])
            if latest in latest_published:
                state = ReportState.PUBLISHED
            else:  # an imported report not yet checked and locked is still being drafted
                state = ReportState.LOCKED if latest in locked else ReportState.DRAFTING
            first = timezone.localtime(v["first_published"]).date() if v["first_published"] else None
        due = deadline(agency, year)
        if first is not None:
            timing = "on_time" if first <= due else "late"
        elif today > due:
            timing = "overdue"
        else:
            timing = "due"
        rows.append(
            DeadlineRow(
                agency=agency,
                state=state,
                state_label=str(labels[state]),
                deadline=due,
                published_on=first,
                versions=v["n"] if v else 0,
                timing=timing,
                timing_label=str(TIMING_LABELS[timing]),
                days_left=(due - today).days if first is None else None,
            )
        )
    return rows


def default_year(today: dt.date) -> int:
    """The report due this season: last year's."""
    return today.year - 1
