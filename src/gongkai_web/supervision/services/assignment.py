"""A person files a report the matcher would not: the agency (and the year where the report has none).
The printed name is remembered as an alias of the agency, so the next report naming it is filed alone."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai_web.agencies import audit
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import require
from gongkai_web.supervision.models import AgencyAlias, BatchItem, ItemStatus
from gongkai_web.supervision.services import IntakeError
from gongkai_web.supervision.services.filing import file_item
from gongkai_web.supervision.services.matching import normalise

MIN_YEAR = 2008  # the first year of the 2007 Regulation's annual reports


def assign_item(actor: User, item: BatchItem, agency: Agency, year: int | None) -> BatchItem:
    require(actor, "supervise", item.batch.agency)
    require(actor, "supervise", agency)
    with transaction.atomic():
        fresh = BatchItem.objects.select_for_update().select_related("batch").get(pk=item.pk)
        if fresh.status != ItemStatus.NEEDS_ASSIGNMENT:
            raise IntakeError(_("该文件已归属，无需再指定"))
        year = fresh.year or year
        if year is None:
            raise IntakeError(_("报告中未读到年度，请选择年度"), field="year")
        if not MIN_YEAR <= year <= timezone.localdate().year:
            raise IntakeError(
                _("年度应在 %(a)s 至 %(b)s 之间") % {"a": MIN_YEAR, "b": timezone.localdate().year},
                field="year",
            )
        before = {"status": fresh.status, "agency_name": fresh.agency_name, "year": fresh.year}
        fresh.year = year
        if fresh.data is not None:
            fresh.data = {**fresh.data, "year": year}
        file_item(fresh, agency, year)
        fresh.reason = (_("人工指定：") + fresh.reason)[:300]
        fresh.save()
        alias = normalise(fresh.agency_name)
        if alias and alias not in (normalise(agency.name), normalise(agency.short_name)):
            AgencyAlias.objects.update_or_create(name=alias, defaults={"agency": agency, "created_by": actor})
        audit.record(
            actor,
            "intake_assign",
            fresh,
            agency=agency,
            before=before,
            after={"status": fresh.status, "agency": agency.pk, "year": year, "alias": alias},
        )
    return fresh
