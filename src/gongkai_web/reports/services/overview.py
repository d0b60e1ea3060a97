"""Section 一 (总体情况) from the records: what the catalogue, its review, the 政策解读, the consultations,
the channels and the guide say for a year — each number a :class:`Count` whose records :func:`fact_records`
lists, as a table cell's records are listed by :func:`gongkai_web.reports.tables.cell_records`.

The entries counted are the ones 表二 counts (published, issued in the year:
:func:`~gongkai_web.reports.tables.year_entries`), so the text and the table agree by construction; the
numbers per channel are the channels page's (:func:`gongkai_web.channels.services.year_counts`,
``message_counts``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count as Counted
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai_web.agencies.models import Agency
from gongkai_web.channels.models import Message, MonthlyPosts
from gongkai_web.channels.services import message_counts, year_counts
from gongkai_web.consultations.models import Comment, Consultation
from gongkai_web.consultations.models import Status as ConsultationStatus
from gongkai_web.consultations.services import ADOPTED
from gongkai_web.disclosures.models import Disclosure, DisclosureStep, Step
from gongkai_web.guides.models import GuideRevision
from gongkai_web.guides.services import describe_revision
from gongkai_web.interpretations.models import Form, Interpretation
from gongkai_web.interpretations.models import State as InterpretationState
from gongkai_web.reports.tables import year_entries


@dataclass(frozen=True)
class Count:
    """A number section 一 states, and the key of the records behind it."""

    key: str
    label: str
    n: int


@dataclass(frozen=True)
class Overview:
    entries: Count  # 主动公开 entries published, issued in the year
    by_category: list[Count]
    reviewed: Count  # entries cleared by 保密审查 and 合法性审查 in the year
    interpretations: Count
    by_form: list[Count]
    consultations: Count
    comments: Count
    adopted: Count
    through: list[Count]  # entries per channel (those with any)
    posts: list[Count]  # posts per new-media account (those with any)
    messages: Count
    replied: Count
    revisions: Count
    revision_notes: list[str]

    def counts(self) -> list[Count]:
        """Every number, in the order the text states them (the workspace lists them with their records)."""
        return [
            self.entries,
            *self.by_category,
            self.reviewed,
            self.interpretations,
            *self.by_form,
            self.consultations,
            self.comments,
            self.adopted,
            *self.through,
            *self.posts,
            self.messages,
            self.replied,
            self.revisions,
        ]


def _entries(agency: Agency, year: int) -> QuerySet[Disclosure]:
    return year_entries(year).filter(agency=agency)


def _calls(agency: Agency, year: int) -> QuerySet[Consultation]:
    return Consultation.objects.filter(agency=agency, opens_on__year=year).exclude(
        status=ConsultationStatus.DRAFT
    )


def _interpretations(agency: Agency, year: int) -> QuerySet[Interpretation]:
    return Interpretation.objects.filter(
        agency=agency, status=InterpretationState.PUBLISHED, published_at__year=year
    )


def overview_facts(agency: Agency, year: int) -> Overview:
    entries = _entries(agency, year)
    by_category = [
        Count(f"category.{row['category']}", row["category__name"], row["n"])
        for row in entries.values("category", "category__name", "category__order")
        .annotate(n=Counted("id"))
        .order_by("category__order", "category")
    ]
    forms = dict(_interpretations(agency, year).values_list("form").annotate(n=Counted("id")))
    calls = _calls(agency, year)
    comments = Comment.objects.filter(consultation__in=calls)
    channels = year_counts(Q(agency=agency), year)
    messages = message_counts(Q(agency=agency), year)
    revisions = GuideRevision.objects.filter(agency=agency, revised_on__year=year, initial=False).order_by(
        "id"
    )
    return Overview(
        entries=Count("entries", _("主动公开政府信息"), entries.count()),
        by_category=by_category,
        reviewed=Count(
            "reviewed",
            _("公开前保密审查和合法性审查"),
            DisclosureStep.objects.filter(disclosure__agency=agency, kind=Step.CLEAR, at__year=year).count(),
        ),
        interpretations=Count("interpretations", _("政策解读"), sum(forms.values())),
        by_form=[Count(f"interpretations.{f}", str(f.label), forms[f]) for f in Form if forms.get(f)],
        consultations=Count("consultations", _("公开征求意见的决策事项"), calls.count()),
        comments=Count("comments", _("收到公众意见"), comments.count()),
        adopted=Count(
            "comments.adopted", _("采纳（含部分采纳）"), comments.filter(adoption__in=ADOPTED).count()
        ),
        through=[
            Count(f"channel.{r.channel.pk}", r.channel.name, r.placements) for r in channels if r.placements
        ],
        posts=[
            Count(f"posts.{r.channel.pk}", r.channel.name, r.posts)
            for r in sorted(channels, key=lambda r: r.channel.name)
            if r.posts
        ],
        messages=Count("messages", _("网上留言"), messages.received),
        replied=Count("messages.replied", _("已回复留言"), messages.replied),
        revisions=Count("revisions", _("修订政府信息公开指南"), revisions.count()),
        revision_notes=[describe_revision(r) for r in revisions],
    )


@dataclass(frozen=True)
class Row:
    """One record behind a number, as the records page lists it."""

    title: str
    day: dt.date | None
    note: str
    url: str
    amount: int = 1  # what it adds to the number (a month of posts adds its posts)


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value)
    return value if isinstance(value, dt.date) else None


def fact_records(agency: Agency, year: int, key: str) -> list[Row]:
    """The records behind the number ``key`` of :func:`overview_facts`; ``KeyError`` if ``key`` names none."""
    head, _sep, rest = key.partition(".")
    if head in ("entries", "category", "channel"):
        qs = _entries(agency, year).select_related("category")
        if head == "category":
            qs = qs.filter(category_id=_pk(rest, key))
        elif head == "channel":
            qs = qs.filter(placements__channel_id=_pk(rest, key))
        elif rest:
            raise KeyError(key)
        return [
            Row(
                d.title,
                d.issued_on,
                d.document_number or d.category.name,
                reverse("disclosures:detail", args=[d.pk]),
            )
            for d in qs.order_by("issued_on", "id")
        ]
    if head == "reviewed" and not rest:
        steps = DisclosureStep.objects.filter(disclosure__agency=agency, kind=Step.CLEAR, at__year=year)
        return [
            Row(
                s.disclosure.title,
                _day(s.at),
                str(s.actor),
                reverse("disclosures:detail", args=[s.disclosure_id]),
            )
            for s in steps.select_related("disclosure", "actor").order_by("at", "id")
        ]
    if head == "interpretations":
        items = _interpretations(agency, year)
        if rest:
            if rest not in Form.values:
                raise KeyError(key)
            items = items.filter(form=rest)
        return [
            Row(
                i.title,
                _day(i.published_at),
                i.get_form_display(),
                reverse("interpretations:detail", args=[i.pk]),
            )
            for i in items.order_by("published_at", "id")
        ]
    if head == "consultations" and not rest:
        return [
            Row(
                c.title,
                c.opens_on,
                f"{c.opens_on:%Y-%m-%d} — {c.closes_on:%Y-%m-%d}",
                reverse("consultations:manage", args=[c.pk]),
            )
            for c in _calls(agency, year).order_by("opens_on", "id")
        ]
    if head == "comments" and rest in ("", "adopted"):
        comments = Comment.objects.filter(consultation__in=_calls(agency, year)).select_related(
            "consultation"
        )
        if rest:
            comments = comments.filter(adoption__in=ADOPTED)
        return [
            Row(
                c.body[:60],
                _day(c.submitted_at),
                c.consultation.title + (f" · {c.get_adoption_display()}" if c.adoption else ""),
                reverse("consultations:manage", args=[c.consultation_id]) + f"#comment-{c.pk}",
            )
            for c in comments.order_by("submitted_at", "id")
        ]
    if head == "posts":
        months = MonthlyPosts.objects.filter(
            channel__agency=agency, channel_id=_pk(rest, key), month__year=year
        )
        return [
            Row(
                f"{m.month:%Y-%m}",
                m.month,
                _("%(n)d 条") % {"n": m.posts},
                reverse("channels:channel", args=[m.channel_id]),
                amount=m.posts,
            )
            for m in months.order_by("month")
        ]
    if head == "messages" and rest in ("", "replied"):
        messages = Message.objects.filter(agency=agency, received_on__year=year)
        if rest:
            messages = messages.filter(replied_on__isnull=False)
        url = reverse("channels:index") + f"?agency={agency.pk}&year={year}#messages"
        return [
            Row(
                m.subject,
                m.received_on,
                _("回复于 %(d)s") % {"d": m.replied_on} if m.replied_on else _("未回复"),
                url,
            )
            for m in messages.order_by("received_on", "id")
        ]
    if head == "revisions" and not rest:
        url = reverse("guides:guide", args=[agency.pk])
        return [
            Row(describe_revision(r), r.revised_on, "", url)
            for r in GuideRevision.objects.filter(
                agency=agency, revised_on__year=year, initial=False
            ).order_by("id")
        ]
    raise KeyError(key)


def _pk(text: str, key: str) -> int:
    if not text.isdigit():
        raise KeyError(key)
    return int(text)
