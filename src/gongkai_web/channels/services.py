"""Registering an agency's channels, recording where a catalogue entry went, importing a new-media account's
posts per month and the online messages from the CSV files platforms export, and a year's counts for the
annual report's section 一.

An import is all or nothing: a file with any row that cannot be read saves nothing and lists every such row
by its line number."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai_web.agencies import audit
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import require
from gongkai_web.channels.models import NEW_MEDIA, Channel, Message, MonthlyPosts, Placement
from gongkai_web.common.csvfiles import read_csv_rows
from gongkai_web.common.errors import WebError
from gongkai_web.disclosures.models import Disclosure
from gongkai_web.reports.tables import year_entries


class ChannelError(WebError):
    subject = gettext_lazy("该渠道")


EDITABLE = ("kind", "name", "address", "active")
MAX_IMPORT_BYTES = 5 * 1024 * 1024
# Column headers as platforms and offices write them (the first that matches is used).
DATE_HEADERS = ("月份", "发布时间", "群发时间", "发文时间", "发布日期", "日期", "时间")
COUNT_HEADERS = ("发布条数", "发文数", "发布数", "群发数", "篇数", "条数", "数量")
SUBJECT_HEADERS = ("留言标题", "标题", "主题", "留言内容", "内容")
RECEIVED_HEADERS = ("留言时间", "留言日期", "提问时间", "提交时间", "来信时间")
REPLIED_HEADERS = ("回复时间", "回复日期", "答复时间", "办结时间")
DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(?:(\d{1,2})\s*日?)?)?")


def add_channel(actor: User, agency: Agency, data: dict[str, object]) -> Channel:
    require(actor, "edit_guide", agency)
    item = Channel(agency=agency, **{k: data[k] for k in EDITABLE if k in data})
    item.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            item.save()
            audit.record(
                actor, "add_channel", item, agency=agency, before=None, after=audit.snapshot(item, EDITABLE)
            )
    except IntegrityError:
        raise ChannelError(_("本机关已有同名渠道"), field="name") from None
    return item


def place(actor: User, disclosure: Disclosure, channels: Iterable[Channel]) -> None:
    """Record the channels ``disclosure`` went out through (replacing what was recorded)."""
    require(actor, "publish", disclosure.agency)
    chosen = {c.pk for c in channels}
    if Channel.objects.filter(pk__in=chosen).exclude(agency=disclosure.agency).exists():
        raise ChannelError(_("只能选择本机关的渠道"), field="channels")
    with transaction.atomic():
        before = sorted(disclosure.placements.values_list("channel_id", flat=True))  # type: ignore[attr-defined]
        disclosure.placements.exclude(channel_id__in=chosen).delete()  # type: ignore[attr-defined]
        Placement.objects.bulk_create(
            [Placement(disclosure=disclosure, channel_id=pk) for pk in chosen - set(before)]
        )
        audit.record(
            actor,
            "place_disclosure",
            disclosure,
            agency=disclosure.agency,
            before={"channels": before},
            after={"channels": sorted(chosen)},
        )


def parse_date(text: str) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) of a date or a month as exports write it: 2024-03-05 10:00, 2024/3,
    2024年3月5日, 2024年3月."""
    m = DATE.match(text)
    if not m:
        return None
    year, month = int(m[1]), int(m[2])
    day = int(m[3]) if m[3] else None
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return None
    return year, month, day


def _column(header: Sequence[str], names: Sequence[str]) -> int | None:
    cells = [h.strip() for h in header]
    for name in names:
        for i, cell in enumerate(cells):
            if cell == name or (cell.startswith(name) and len(cell) <= len(name) + 6):
                return i
    return None


@dataclass
class ImportResult:
    rows: int = 0
    saved: dict[str, int] = field(default_factory=dict)  # what was saved, in words → count
    errors: list[str] = field(default_factory=list)  # "第 N 行：reason"


def _rows(data: bytes) -> list[list[str]]:
    if len(data) > MAX_IMPORT_BYTES:
        raise ChannelError(_("文件超过 %(mb)d MB") % {"mb": MAX_IMPORT_BYTES // 1024 // 1024}, field="file")
    try:
        rows = read_csv_rows(data)
    except csv.Error as exc:
        raise ChannelError(_("不是有效的 CSV 文件：%(e)s") % {"e": exc}, field="file") from None
    if rows is None:
        raise ChannelError(_("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV 文件"), field="file")
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise ChannelError(_("文件是空的"), field="file")
    return rows


def import_posts(actor: User, channel: Channel, data: bytes, source: str) -> ImportResult:
    """A new-media account's posts from a platform's export: either one row per month with a count
    (月份, 发布条数) or one row per post with its date (then counted per month). Months in the file replace
    what was recorded for them."""
    require(actor, "publish", channel.agency)
    if channel.kind not in NEW_MEDIA:
        raise ChannelError(_("只有政务新媒体账号按月统计发布条数"))
    header, *body = _rows(data)
    date_col, count_col = _column(header, DATE_HEADERS), _column(header, COUNT_HEADERS)
    if date_col is None:
        raise ChannelError(
            _("找不到日期列（表头应含：%(names)s 之一）") % {"names": "、".join(DATE_HEADERS)}, field="file"
        )
    result = ImportResult(rows=len(body))
    months: Counter[dt.date] = Counter()
    for line, row in enumerate(body, start=2):
        cell = row[date_col] if date_col < len(row) else ""
        when = parse_date(cell)
        if when is None:
            result.errors.append(_("第 %(n)d 行：“%(v)s”不是日期或月份") % {"n": line, "v": cell})
            continue
        month = dt.date(when[0], when[1], 1)
        if count_col is None:
            months[month] += 1
            continue
        raw = (row[count_col] if count_col < len(row) else "").strip().replace(",", "")
        if not raw.isdigit():
            result.errors.append(_("第 %(n)d 行：发布条数“%(v)s”不是非负整数") % {"n": line, "v": raw})
            continue
        months[month] += int(raw)
    if result.errors:
        return result
    with transaction.atomic():
        before = {
            m.month.isoformat(): m.posts
            for m in MonthlyPosts.objects.filter(channel=channel, month__in=months)
        }
        for month, posts in sorted(months.items()):
            MonthlyPosts.objects.update_or_create(
                channel=channel, month=month, defaults={"posts": posts, "source": source[:200]}
            )
        audit.record(
            actor,
            "import_posts",
            channel,
            agency=channel.agency,
            before=before,
            after={m.isoformat(): n for m, n in sorted(months.items())},
        )
    result.saved = {m.strftime("%Y-%m"): n for m, n in sorted(months.items())}
    return result


def import_messages(actor: User, agency: Agency, channel: Channel | None, data: bytes) -> ImportResult:
    """Online messages from an export: subject, received date, reply date (blank: not yet answered)."""
    require(actor, "publish", agency)
    header, *body = _rows(data)
    cols = [_column(header, names) for names in (SUBJECT_HEADERS, RECEIVED_HEADERS, REPLIED_HEADERS)]
    if cols[0] is None or cols[1] is None:
        raise ChannelError(
            _("找不到标题列或留言时间列（表头应含：%(a)s 之一，和 %(b)s 之一）")
            % {"a": "、".join(SUBJECT_HEADERS), "b": "、".join(RECEIVED_HEADERS)},
            field="file",
        )
    result = ImportResult(rows=len(body))
    messages: list[Message] = []
    for line, row in enumerate(body, start=2):
        subject, received, replied = (row[c].strip() if c is not None and c < len(row) else "" for c in cols)
        r = parse_date(received)
        p = parse_date(replied) if replied else None
        if not subject:
            result.errors.append(_("第 %(n)d 行：标题为空") % {"n": line})
        elif r is None or r[2] is None:
            result.errors.append(_("第 %(n)d 行：留言时间“%(v)s”不是日期") % {"n": line, "v": received})
        elif replied and (p is None or p[2] is None):
            result.errors.append(_("第 %(n)d 行：回复时间“%(v)s”不是日期") % {"n": line, "v": replied})
        else:
            got = dt.date(r[0], r[1], r[2])
            answered = dt.date(p[0], p[1], p[2]) if p is not None and p[2] is not None else None
            if answered is not None and answered < got:
                result.errors.append(_("第 %(n)d 行：回复日期早于留言日期") % {"n": line})
                continue
            messages.append(
                Message(
                    agency=agency,
                    channel=channel,
                    subject=subject[:300],
                    received_on=got,
                    replied_on=answered,
                    recorded_by=actor,
                )
            )
    if result.errors:
        return result
    with transaction.atomic():
        Message.objects.bulk_create(messages)
        audit.record(
            actor,
            "import_messages",
            channel or agency,
            agency=agency,
            before=None,
            after={"messages": len(messages), "replied": sum(m.replied_on is not None for m in messages)},
        )
    result.saved = {_("留言"): len(messages), _("已回复"): sum(m.replied_on is not None for m in messages)}
    return result


@dataclass(frozen=True)
class ChannelYear:
    channel: Channel
    placements: int  # the year's entries (:func:`~gongkai_web.reports.tables.year_entries`) placed on it
    posts: int | None  # new-media posts in the year (None: not a new-media account)
    messages: int
    replied: int


def year_counts(agency_q: Q, year: int) -> list[ChannelYear]:
    """Each channel of the agencies ``agency_q`` selects with what went through it in ``year``: the entries
    are the ones the year's report counts (published, issued in the year — as 表二 and section 一 count them),
    whenever they were published."""
    channels = (
        Channel.objects.filter(agency_q)
        .annotate(
            n_placed=Count(
                "placements",
                filter=Q(placements__disclosure__in=year_entries(year)),
                distinct=True,
            )
        )
        .order_by("kind", "name", "id")
    )
    posts = dict(
        MonthlyPosts.objects.filter(channel__in=channels, month__year=year)
        .values_list("channel")
        .annotate(n=Sum("posts"))
    )
    msgs = {
        row["channel"]: row
        for row in Message.objects.filter(channel__in=channels, received_on__year=year)
        .values("channel")
        .annotate(n=Count("id"), replied=Count("id", filter=Q(replied_on__isnull=False)))
    }
    return [
        ChannelYear(
            channel=c,
            placements=c.n_placed,  # type: ignore[attr-defined]
            posts=posts.get(c.pk, 0) if c.is_new_media else None,
            messages=msgs.get(c.pk, {}).get("n", 0),
            replied=msgs.get(c.pk, {}).get("replied", 0),
        )
        for c in channels
    ]


@dataclass(frozen=True)
class MessageYear:
    received: int
    replied: int


def message_counts(agency_q: Q, year: int) -> MessageYear:
    qs = Message.objects.filter(agency_q, received_on__year=year)
    return MessageYear(received=qs.count(), replied=qs.filter(replied_on__isnull=False).count())
