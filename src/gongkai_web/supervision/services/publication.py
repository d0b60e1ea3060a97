"""A supervisor corrects the publication date of a collected report by hand (the date read from the report
may be missing or wrong: a drafting date, a re-upload). The correction is audited with the reason, and a
later version does not overwrite it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai_web.agencies import audit
from gongkai_web.agencies.models import User
from gongkai_web.agencies.permissions import require
from gongkai_web.supervision.models import CollectedReport, PublishedHow
from gongkai_web.supervision.services import IntakeError


def correct_publication_date(
    actor: User, report: CollectedReport, published_on: dt.date, reason: str
) -> CollectedReport:
    require(actor, "supervise", report.agency)
    reason = reason.strip()
    if not reason:
        raise IntakeError(_("请说明更正的依据（如网页所示发布日期）"), field="reason")
    if published_on.year <= report.year:
        raise IntakeError(
            _("%(year)s年度报告的发布日期应在%(next)s年或以后")
            % {"year": report.year, "next": report.year + 1},
            field="published_on",
        )
    if published_on > timezone.localdate():
        raise IntakeError(_("发布日期不能晚于今天"), field="published_on")
    with transaction.atomic():
        fresh = CollectedReport.objects.select_for_update().select_related("agency").get(pk=report.pk)
        before = audit.snapshot(fresh, ("published_on", "published_how"))
        fresh.published_on = published_on
        fresh.published_how = PublishedHow.MANUAL
        fresh.save(update_fields=["published_on", "published_how"])
        audit.record(
            actor,
            "collected_published",
            fresh,
            agency=fresh.agency,
            before=before,
            after={**audit.snapshot(fresh, ("published_on", "published_how")), "reason": reason[:300]},
        )
    return fresh
