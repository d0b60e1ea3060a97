"""A Chinese, step-by-step explanation of a due date (说明答复期限是怎么算出来的).

Each step is structured (kind, dates, working-day number) and carries the sentence shown to people in
``text``, e.g. ``第0日：2024-09-27 收到申请（当面提交）`` /
``2024-09-29（星期日）为调休上班日，计入（第1个工作日）`` /
``跳过 2024-10-01至2024-10-07 国庆节`` / ``第20个工作日：2024-10-30（星期三）为答复期限``.
"""

from __future__ import annotations

import datetime as dt
import enum
from bisect import bisect_right
from dataclasses import dataclass

from gongkai.clock.application import Clock, ClockStatus, PauseKind
from gongkai.clock.calendar import PROVISIONAL_FIXED_HOLIDAYS
from gongkai.clock.workdays import DayKind, WorkdayCalendar, default_calendar, format_day

__all__ = ["Step", "StepKind", "explain_clock"]


class StepKind(enum.StrEnum):
    RECEIPT = "receipt"
    CORRECTION_NOTICE = "correction_notice"
    CORRECTION_PAUSE = "correction_pause"
    RESTART = "restart"
    AWAITING_CORRECTION = "awaiting_correction"
    NO_CORRECTION = "no_correction"
    MAKE_UP_DAY = "make_up_day"
    HOLIDAY = "holiday"
    PAUSE = "pause"
    EXTENSION = "extension"
    FEE_NOTICE = "fee_notice"
    FEE_UNPAID = "fee_unpaid"
    LATER_DEADLINE = "later_deadline"
    PROVISIONAL = "provisional"
    DUE = "due"
    ANSWERED = "answered"
    STATUS = "status"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Step:
    kind: StepKind
    text: str
    date: dt.date | None = None
    end: dt.date | None = None
    workday: int | None = None  # the counted working day reached at this step

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "text": self.text,
            "date": self.date.isoformat() if self.date else None,
            "end": self.end.isoformat() if self.end else None,
            "workday": self.workday,
        }


def _d(day: dt.date) -> str:
    return day.isoformat()


def _span(start: dt.date, end: dt.date) -> str:
    return _d(start) if start == end else f"{_d(start)}至{_d(end)}"


def explain_clock(clock: Clock, calendar: WorkdayCalendar | None = None) -> list[Step]:
    """The steps that lead to ``clock.due``, in date order."""
    cal = calendar if calendar is not None else default_calendar()
    app = clock.application
    steps: list[Step] = [
        Step(
            StepKind.RECEIPT,
            f"第0日：{_d(app.received)} 收到申请（{app.basis.label_zh}）",
            app.received,
            workday=0,
        )
    ]
    corr = clock.correction
    if corr is not None:
        period = f"，补正期限至 {_d(corr.period_end)}" if corr.period_end else ""
        steps.append(
            Step(
                StepKind.CORRECTION_NOTICE,
                f"{_d(corr.date)} 一次性告知补正（第三十条：应在收到申请后"
                f"{clock.config.correction_notice_days}个工作日内，"
                f"即 {_d(clock.correction_notice_due)} 前告知）{period}",
                corr.date,
            )
        )
        if clock.corrected is not None:
            got = clock.corrected.date
            steps.append(
                Step(StepKind.CORRECTION_PAUSE, f"{_span(corr.date, got)} 补正期间不计", corr.date, got)
            )
            steps.append(
                Step(
                    StepKind.RESTART,
                    f"第0日：{_d(got)} 收到补正后的申请，答复期限自该日重新计算（第三十条）",
                    got,
                    workday=0,
                )
            )
        elif clock.status is ClockStatus.CLOSED_NO_CORRECTION:
            end = corr.period_end or corr.date
            steps.append(
                Step(
                    StepKind.NO_CORRECTION,
                    f"补正期限 {_d(end)} 届满未补正，视为放弃申请，不再处理（第三十条；表三“其他处理”）",
                    end,
                )
            )
            return steps
        else:
            when = f"截至 {_d(clock.as_of)}" if clock.as_of else "目前"
            steps.append(
                Step(
                    StepKind.AWAITING_CORRECTION,
                    f"{when}尚未收到补正申请：答复期限自收到补正申请之日起重新计算，暂无答复期限",
                    clock.as_of,
                )
            )
            return steps
    if clock.due is None or clock.statutory_due is None:
        return steps
    steps.extend(_walk(clock, cal))
    steps.extend(_closing(clock))
    return steps


def _walk(clock: Clock, cal: WorkdayCalendar) -> list[Step]:
    """Make-up days, holidays, pauses and dated events between day 0 and the statutory due date."""
    assert clock.statutory_due is not None
    days = cal.ordinals
    paused_ranges = [(p.start, p.end) for p in clock.pauses]
    dated: list[tuple[dt.date, int, Step]] = []
    for p in clock.pauses:
        n = cal.workdays_between(p.start, p.end)
        still = "（尚未结束）" if p.open else ""
        basis = "第三十三条第二款" if p.kind is not PauseKind.FEE else "国办函〔2020〕109号"
        text = f"{_span(p.start, p.end)} {p.kind.label_zh}不计{still}（{n}个工作日；{basis}）"
        dated.append((p.start, 1, Step(StepKind.PAUSE, text, p.start, p.end)))
    ext = clock.extension
    if ext is not None:
        who = ext.approved_by or "政府信息公开工作机构负责人"
        text = f"{_d(ext.date)} 延长{ext.days}个工作日，经{who}批准（第三十三条），共{clock.budget}个工作日"
        dated.append((ext.date, 2, Step(StepKind.EXTENSION, text, ext.date)))
    if clock.fee_notice is not None and clock.fee_payment_due is not None:
        f = clock.fee_notice.date
        rule = "收费通知至缴费期间不计" if clock.config.fee_notice_pauses else "收费通知至缴费期间照常计算"
        text = (
            f"{_d(f)} 申请人收到收费通知，应在次日起{clock.config.fee_payment_days}个工作日内"
            f"（{_d(clock.fee_payment_due)} 前）缴费；{rule}（国办函〔2020〕109号）"
        )
        dated.append((f, 0, Step(StepKind.FEE_NOTICE, text, f)))
        if clock.status is ClockStatus.CLOSED_UNPAID_FEE:
            text = f"{_d(clock.fee_payment_due)} 缴费期限届满未缴费，视为放弃申请，不再处理（表三“其他处理”）"
            dated.append((clock.fee_payment_due, 3, Step(StepKind.FEE_UNPAID, text, clock.fee_payment_due)))

    # Day by day (explanation only, not the hot path): holidays and make-up days after day 0.
    count = 0
    intervals = _pause_index_ranges(clock, cal)
    day = clock.start + dt.timedelta(days=1)
    last = clock.statutory_due
    while day <= last:
        info = cal.day_info(day)
        if info.kind is DayKind.HOLIDAY:
            end = day
            while end + dt.timedelta(days=1) <= last:
                nxt = cal.day_info(end + dt.timedelta(days=1))
                if nxt.kind is not DayKind.HOLIDAY or nxt.name != info.name:
                    break
                end = nxt.date
            if not any(a < day and end <= b for a, b in paused_ranges):
                label = f"{info.name}（临时：法定节日）" if info.provisional else info.name
                dated.append((day, 4, Step(StepKind.HOLIDAY, f"跳过 {_span(day, end)} {label}", day, end)))
            day = end + dt.timedelta(days=1)
            continue
        if info.working:
            i = bisect_right(days, day.toordinal()) - 1
            if not any(a <= i < b for a, b in intervals):
                count += 1
                if info.kind is DayKind.MAKE_UP:
                    text = f"{format_day(day)}为调休上班日，计入（第{count}个工作日）"
                    dated.append((day, 4, Step(StepKind.MAKE_UP_DAY, text, day, workday=count)))
        day += dt.timedelta(days=1)

    for year in clock.provisional_years:
        fixed = "、".join(dict.fromkeys(name for _, _, name in PROVISIONAL_FIXED_HOLIDAYS))
        text = (
            f"{year}年的国务院放假通知尚未载入：{year}年的日期按周末及{fixed}的法定日期临时计算"
            f"（未含春节、清明节、端午节、中秋节），结果为临时期限，载入通知后重新计算"
        )
        first = max(dt.date(year, 1, 1), clock.start)
        dated.append((first, -1, Step(StepKind.PROVISIONAL, text, first)))
    dated.sort(key=lambda item: (item[0], item[1]))
    return [step for _, _, step in dated]


def _pause_index_ranges(clock: Clock, cal: WorkdayCalendar) -> list[tuple[int, int]]:
    days = cal.ordinals
    out = []
    for p in clock.pauses:
        a = bisect_right(days, p.start.toordinal())
        b = bisect_right(days, p.end.toordinal())
        if b > a:
            out.append((a, b))
    return out


def _closing(clock: Clock) -> list[Step]:
    assert clock.due is not None and clock.statutory_due is not None
    out: list[Step] = []
    sd = clock.statutory_due
    out.append(
        Step(StepKind.DUE, f"第{clock.budget}个工作日：{format_day(sd)}为答复期限", sd, workday=clock.budget)
    )
    later = clock.later_deadline
    if later is not None:
        reason = f"（理由：{later.reason}）" if later.reason else ""
        text = (
            f"{_d(later.date)} 依第三十五条确定延迟答复的合理期限：{format_day(later.due)}为答复期限{reason}"
        )
        out.append(Step(StepKind.LATER_DEADLINE, text, later.date, later.due))
    if clock.provisional:
        out.append(
            Step(StepKind.PROVISIONAL, f"答复期限 {_d(clock.due)} 为临时期限（涉及未载入放假通知的年度）")
        )
    if clock.answered is not None:
        if clock.answered_in_time:
            text = f"{_d(clock.answered)} 作出答复，在答复期限内"
        else:
            text = f"{_d(clock.answered)} 作出答复，超过答复期限{-(clock.left or 0)}个工作日"
        out.append(Step(StepKind.ANSWERED, text, clock.answered))
    elif clock.as_of is not None and clock.used is not None and clock.left is not None:
        if clock.status is ClockStatus.CLOSED_UNPAID_FEE:
            pass
        elif clock.left >= 0:
            paused = "（计时暂停中）" if clock.paused else ""
            text = f"截至 {_d(clock.as_of)}：已用{clock.used}个工作日，剩余{clock.left}个工作日{paused}"
            out.append(Step(StepKind.STATUS, text, clock.as_of))
        else:
            text = f"截至 {_d(clock.as_of)}：已超过答复期限{-clock.left}个工作日"
            out.append(Step(StepKind.STATUS, text, clock.as_of))
    out.extend(Step(StepKind.WARNING, f"注意：{w}") for w in clock.warnings)
    return out
