"""The 政府信息公开指南 (条例第十二条) made from the agency's own data, and its dated revisions.

:func:`guide_facts` gathers everything the guide says — the agency's name, address, hours and contacts, the
公开目录 (its tree of categories) and how the 索引号 is made, the ways to apply and the statutory periods of
the procedure (from :data:`gongkai.clock.DEFAULT_CONFIG`). The public page renders these facts, so it is
always current; :func:`sync_revision` records a dated :class:`GuideRevision` whenever they change (called by
the edit service and, through :mod:`.signals`, when an agency or a category is saved), so a year's report can
say whether and when the guide was revised (:func:`revisions_in_year`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.clock import DEFAULT_CONFIG
from gongkai_web.agencies.models import Agency, User
from gongkai_web.common.errors import WebError
from gongkai_web.common.saving import versioned_update
from gongkai_web.disclosures.models import Category
from gongkai_web.disclosures.services import DisclosureError, format_index_number
from gongkai_web.guides.models import GuideDetails, GuideRevision


class GuideError(WebError):
    subject = gettext_lazy("公开指南")


DETAILS = ("office_name", "office_hours", "postal_code", "fax", "email", "website", "reading_rooms")

#: What each fact is called in a revision's summary.
FACT_LABELS: dict[str, Any] = {
    "name": gettext_lazy("机关名称"),
    "address": gettext_lazy("受理地址"),
    "phone": gettext_lazy("咨询电话"),
    "office_name": gettext_lazy("政府信息公开工作机构"),
    "office_hours": gettext_lazy("办公时间"),
    "postal_code": gettext_lazy("邮政编码"),
    "fax": gettext_lazy("传真"),
    "email": gettext_lazy("电子邮箱"),
    "website": gettext_lazy("政府网站"),
    "reading_rooms": gettext_lazy("政府信息公开查阅点"),
    "accepts_applications": gettext_lazy("网上申请"),
    "categories": gettext_lazy("公开目录分类"),
    "index_pattern": gettext_lazy("索引号编排"),
    "periods": gettext_lazy("办理期限"),
}


def catalogue_tree(agency: Agency) -> list[dict[str, Any]]:
    """The agency's 公开目录 in tree order: ``[{"code", "name", "depth"}, …]``."""
    nodes = list(Category.for_agency(agency))
    children: dict[int | None, list[Category]] = {}
    for c in nodes:
        children.setdefault(c.parent_id, []).append(c)
    out: list[dict[str, Any]] = []

    def walk(parent: int | None, depth: int) -> None:
        for c in sorted(children.get(parent, []), key=lambda c: (c.order, c.code)):
            out.append({"code": c.code, "name": c.name, "depth": depth})
            walk(c.pk, depth + 1)

    walk(None, 0)
    return out


def index_example(agency: Agency) -> str:
    """The first 索引号 of this year, as an example of how they are made (empty if the pattern is wrong).
    Shown on the page but not part of :func:`guide_facts`: a new year is no revision of the guide."""
    first = Category.for_agency(agency).order_by("order", "code").first()
    if first is None:
        return ""
    try:
        return format_index_number(agency, timezone.localdate().year, 1, first)
    except DisclosureError:
        return ""


def guide_facts(agency: Agency) -> dict[str, Any]:
    """Everything the guide of ``agency`` says, as plain data (JSON-able, compared between revisions)."""
    details = GuideDetails.objects.filter(agency=agency).first() or GuideDetails(agency=agency)
    config = dataclasses.asdict(DEFAULT_CONFIG)
    return {
        "name": agency.name,
        "address": agency.address,
        "phone": agency.phone,
        **{k: getattr(details, k) for k in DETAILS},
        "accepts_applications": agency.accepts_applications,
        "categories": catalogue_tree(agency),
        "index_pattern": agency.index_pattern or settings.GONGKAI_INDEX_PATTERN,
        "periods": {
            k: config[k]
            for k in (
                "reply_days",
                "max_extension_days",
                "correction_notice_days",
                "consultation_days",
                "fee_payment_days",
            )
        },
    }


def sync_revision(
    agency: Agency, actor: User | None = None, today: dt.date | None = None
) -> GuideRevision | None:
    """Record a revision dated ``today`` if the guide's facts differ from its last revision (the first one
    is the guide as first made); ``None`` when nothing changed."""
    facts = guide_facts(agency)
    last = GuideRevision.objects.filter(agency=agency).order_by("-id").first()
    if last is not None and last.facts == facts:
        return None
    changed = [] if last is None else [k for k in facts if last.facts.get(k) != facts[k]]
    return GuideRevision.objects.create(
        agency=agency,
        revised_on=today or timezone.localdate(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        initial=last is None,
        changes=[str(FACT_LABELS[k]) for k in changed],
        facts=facts,
    )


def update_guide(
    actor: User, agency: Agency, *, expected_version: int | None, data: dict[str, Any]
) -> GuideDetails:
    """Change the guide's own facts (with optimistic locking and the audit entry), then date the revision."""
    with transaction.atomic():
        details, _created = GuideDetails.objects.get_or_create(agency=agency)
        with versioned_update(
            actor,
            details,
            expected_version=expected_version,
            permission="edit_guide",
            action="update_guide",
            audited=DETAILS,
            error=GuideError,
        ) as fresh:
            for k in DETAILS:
                if k in data:
                    setattr(fresh, k, (data[k] or "").strip())
            fresh.full_clean()
        sync_revision(agency, actor)
    return fresh


def revisions_in_year(agency: Agency, year: int) -> list[GuideRevision]:
    """The revisions of the year (the first making of the guide is not a revision), oldest first."""
    return list(
        GuideRevision.objects.filter(agency=agency, revised_on__year=year, initial=False).order_by("id")
    )


def describe_revision(revision: GuideRevision) -> str:
    what = "、".join(revision.changes) if revision.changes else _("内容")
    return _("%(date)s 修订：%(what)s") % {"date": f"{revision.revised_on:%Y-%m-%d}", "what": what}
