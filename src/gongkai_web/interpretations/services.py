"""Writing and publishing 政策解读, and finding the policy documents still without one.

A policy document (:attr:`Disclosure.is_policy`) should be published with its interpretation; one still
without a published interpretation more than ``GONGKAI_INTERPRETATION_WORKDAYS`` working days after it was
published (PRC calendar with 调休, :func:`gongkai.clock.default_calendar`) is flagged as overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.clock import default_calendar
from gongkai_web.agencies import audit
from gongkai_web.agencies.models import User
from gongkai_web.agencies.permissions import require
from gongkai_web.common.errors import WebError
from gongkai_web.common.saving import versioned_update
from gongkai_web.disclosures.models import Disclosure, Status
from gongkai_web.interpretations.models import LINKED_FORMS, Form, Interpretation, State


class InterpretationError(WebError):
    subject = gettext_lazy("该解读")


EDITABLE = ("form", "title", "body", "media_url", "interpreter")
AUDITED = (*EDITABLE, "status", "version")


def _check(data: dict[str, Any]) -> None:
    form = data.get("form", Form.TEXT)
    if form in LINKED_FORMS and not data.get("media_url"):
        raise InterpretationError(_("图解和视频解读须填写链接"), field="media_url")
    if form not in LINKED_FORMS and not (data.get("body") or "").strip():
        raise InterpretationError(_("请填写解读内容"), field="body")
    if form == Form.QA and not Interpretation(body=data["body"]).qa_pairs:
        raise InterpretationError(_("问答须至少有一问（以“问：”开头的一行）"), field="body")


def draft_interpretation(actor: User, document: Disclosure, data: dict[str, Any]) -> Interpretation:
    """An interpretation of ``document`` (a draft until published)."""
    require(actor, "publish", document.agency)
    if document.status == Status.RETRACTED:
        raise InterpretationError(_("该文件已撤稿，不能再解读"))
    _check(data)
    with transaction.atomic():
        item = Interpretation(
            disclosure=document,
            agency=document.agency,
            created_by=actor,
            **{k: data[k] for k in EDITABLE if k in data},
        )
        item.full_clean()
        item.save()
        audit.record(
            actor,
            "draft_interpretation",
            item,
            agency=item.agency,
            before=None,
            after=audit.snapshot(item, AUDITED),
        )
    return item


def update_interpretation(
    actor: User, item: Interpretation, *, expected_version: int | None, data: dict[str, Any]
) -> Interpretation:
    with versioned_update(
        actor,
        item,
        expected_version=expected_version,
        permission="publish",
        action="update_interpretation",
        audited=AUDITED,
        error=InterpretationError,
    ) as fresh:
        if fresh.status != State.DRAFT:
            raise InterpretationError(_("已发布的解读不能修改"))
        merged = {k: getattr(fresh, k) for k in EDITABLE} | {k: v for k, v in data.items() if k in EDITABLE}
        _check(merged)
        for k, v in merged.items():
            setattr(fresh, k, v)
        fresh.full_clean()
    return fresh


def publish_interpretation(actor: User, item: Interpretation, *, expected_version: int | None) -> None:
    """Publish beside its document, which must be published already (or the two would not match)."""
    with versioned_update(
        actor,
        item,
        expected_version=expected_version,
        permission="release_disclosure",
        action="publish_interpretation",
        audited=AUDITED,
        saved=("published_at",),
        error=InterpretationError,
    ) as fresh:
        if fresh.status != State.DRAFT:
            raise InterpretationError(_("该解读已发布"))
        if fresh.disclosure.status != Status.PUBLISHED:
            raise InterpretationError(_("所解读的文件尚未发布，请先发布文件"))
        fresh.status = State.PUBLISHED
        fresh.published_at = timezone.now()
    item.refresh_from_db()


def with_interpretation(documents: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    """``documents`` with ``interpretation_id``: their first published interpretation (the catalogue links it
    beside the document without a query per row)."""
    first = Interpretation.objects.filter(disclosure=OuterRef("pk"), status=State.PUBLISHED).order_by(
        "published_at", "id"
    )
    return documents.annotate(interpretation_id=Subquery(first.values("pk")[:1]))


@dataclass(frozen=True)
class Missing:
    """A published policy document without a published interpretation."""

    document: Disclosure
    due: dt.date  # the last working day to publish it
    overdue: bool


def interpretation_due(document: Disclosure) -> dt.date:
    published = timezone.localdate(document.published_at) if document.published_at else document.issued_on
    return default_calendar().add_workdays(published, settings.GONGKAI_INTERPRETATION_WORKDAYS)


def missing_interpretations(visible: Q, today: dt.date) -> list[Missing]:
    """Published policy documents of the agencies ``visible`` selects that have no published
    interpretation, the overdue first, each with the day it was due."""
    docs = (
        Disclosure.objects.published()
        .filter(visible, is_policy=True)
        .exclude(interpretations__status=State.PUBLISHED)
        .select_related("agency")
    )
    out = [Missing(d, due, due < today) for d in docs for due in (interpretation_due(d),)]
    return sorted(out, key=lambda m: (not m.overdue, m.due, m.document.pk))


def missing_interpretation(document: Disclosure, today: dt.date | None = None) -> Missing | None:
    """The flag of one document: ``None`` unless it is a published policy document without a published
    interpretation."""
    if not document.is_policy or document.status != Status.PUBLISHED:
        return None
    if document.interpretations.filter(status=State.PUBLISHED).exists():  # type: ignore[attr-defined]
        return None
    due = interpretation_due(document)
    return Missing(document, due, due < (today or timezone.localdate()))
