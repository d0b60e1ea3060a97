"""Hand-computed due dates around Spring Festival and National Day 2019–2026, with their explanations.

Counting: day 0 is the receipt; the due date is the 20th working day after it (Art. 33). Each expected date
was counted by hand on the State Council notice of the year (see the comment of each case).
"""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.clock import (
    Answered,
    Application,
    ClockConfig,
    ClockInputError,
    ClockStatus,
    Consultation,
    ConsultationParty,
    CorrectionReceived,
    CorrectionRequested,
    Event,
    Extension,
    FeeNotice,
    FeePaid,
    LaterDeadline,
    ReceiptBasis,
    WorkdayCalendar,
    default_calendar,
    derive_clock,
    due_date,
    explain_clock,
)
from gongkai.clock.calendar import iter_packaged_calendar_years

D = dt.date.fromisoformat


def texts(
    received: str, *events: Event, basis: ReceiptBasis = ReceiptBasis.IN_PERSON, **kw: object
) -> list[str]:
    clock = derive_clock(Application(D(received), basis, events), **kw)  # type: ignore[arg-type]
    return [s.text for s in explain_clock(clock)]


def test_national_day_2024_with_two_make_up_days() -> None:
    # 9/29 (Sun) = 1, 9/30 = 2, 10/1–10/7 off, 10/8–10/11 = 3–6, 10/12 (Sat) = 7, … 10/30 = 20.
    clock = derive_clock(Application(D("2024-09-27")), as_of=D("2024-10-10"))
    assert clock.due == D("2024-10-30")
    assert (clock.used, clock.left, clock.overdue, clock.provisional) == (5, 15, False, False)
    assert [s.text for s in explain_clock(clock)] == [
        "第0日：2024-09-27 收到申请（当面提交）",
        "2024-09-29（星期日）为调休上班日，计入（第1个工作日）",
        "跳过 2024-10-01至2024-10-07 国庆节",
        "2024-10-12（星期六）为调休上班日，计入（第7个工作日）",
        "第20个工作日：2024-10-30（星期三）为答复期限",
        "截至 2024-10-10：已用5个工作日，剩余15个工作日",
    ]


def test_spring_festival_2025() -> None:
    # 1/26 (Sun) = 1, 1/27 = 2, 1/28–2/4 off, 2/5–2/7 = 3–5, 2/8 (Sat) = 6, … 2/27 = 20.
    assert due_date(Application(D("2025-01-24"))) == (D("2025-02-27"), False)
    assert texts("2025-01-24", basis=ReceiptBasis.ONLINE) == [
        "第0日：2025-01-24 收到申请（互联网渠道，以双方确认之日为准）",
        "2025-01-26（星期日）为调休上班日，计入（第1个工作日）",
        "跳过 2025-01-28至2025-02-04 春节",
        "2025-02-08（星期六）为调休上班日，计入（第6个工作日）",
        "第20个工作日：2025-02-27（星期四）为答复期限",
    ]


def test_due_date_on_a_make_up_saturday_2024() -> None:
    # 9/10–9/13 = 1–4, 9/14 (Sat) = 5, 9/15–17 中秋 off, 9/18–9/27 = 6–13, 9/29 (Sun) = 14, 9/30 = 15,
    # 10/1–7 off, 10/8–10/11 = 16–19, 10/12 (Sat, make-up) = 20.
    assert texts("2024-09-09") == [
        "第0日：2024-09-09 收到申请（当面提交）",
        "2024-09-14（星期六）为调休上班日，计入（第5个工作日）",
        "跳过 2024-09-15至2024-09-17 中秋节",
        "2024-09-29（星期日）为调休上班日，计入（第14个工作日）",
        "跳过 2024-10-01至2024-10-07 国庆节",
        "2024-10-12（星期六）为调休上班日，计入（第20个工作日）",
        "第20个工作日：2024-10-12（星期六）为答复期限",
    ]


def test_receipt_on_the_eve_of_national_day_2019() -> None:
    # Received Mon 9/30; 10/1–10/7 off; 10/8–10/11 = 1–4; 10/12 (Sat) = 5; … 11/1 = 20.
    assert due_date(Application(D("2019-09-30"), ReceiptBasis.MAIL)) == (D("2019-11-01"), False)
    assert texts("2019-09-30", basis=ReceiptBasis.MAIL)[:3] == [
        "第0日：2019-09-30 收到申请（邮寄，以签收之日为准）",
        "跳过 2019-10-01至2019-10-07 国庆节",
        "2019-10-12（星期六）为调休上班日，计入（第5个工作日）",
    ]


def test_spring_festival_2019_two_make_up_days_in_a_row() -> None:
    # 2/2 (Sat) = 1, 2/3 (Sun) = 2, 2/4–2/10 off, 2/11 … 3/6 = 20.
    assert due_date(Application(D("2019-02-01"))) == (D("2019-03-06"), False)


def test_spring_festival_2020_extended_for_the_epidemic() -> None:
    # 国办发明电〔2020〕1号 extended the holiday to 2/2, so Sat 2/1 is no longer worked: 2/3 = 1, … 2/28 = 20.
    assert texts("2020-01-23") == [
        "第0日：2020-01-23 收到申请（当面提交）",
        "跳过 2020-01-24至2020-02-02 春节",
        "第20个工作日：2020-02-28（星期五）为答复期限",
    ]


def test_spring_festival_2023_make_up_weekend_after_the_holiday() -> None:
    # 1/20 = 1, 1/21–1/27 off, 1/28 (Sat) = 2, 1/29 (Sun) = 3, … 2/21 = 20.
    assert due_date(Application(D("2023-01-19"))) == (D("2023-02-21"), False)


def test_correction_restarts_the_clock_across_spring_festival_2021() -> None:
    # Corrected application received Fri 2/5: 2/7 (Sun) = 1, 2/8–2/10 = 2–4, 2/11–2/17 off, 2/18 = 5,
    # 2/19 = 6, 2/20 (Sat) = 7, … 3/10 = 20. The notice (1/22) was within 7 working days of 1/20 (limit 1/29).
    clock = derive_clock(
        Application(
            D("2021-01-20"),
            events=(CorrectionReceived(D("2021-02-05")), CorrectionRequested(D("2021-01-22"))),
        )
    )
    assert clock.due == D("2021-03-10")
    assert clock.restarted and clock.start == D("2021-02-05")
    assert clock.correction_notice_due == D("2021-01-29")
    assert clock.warnings == ()
    assert [s.text for s in explain_clock(clock)] == [
        "第0日：2021-01-20 收到申请（当面提交）",
        "2021-01-22 一次性告知补正（第三十条：应在收到申请后7个工作日内，即 2021-01-29 前告知）",
        "2021-01-22至2021-02-05 补正期间不计",
        "第0日：2021-02-05 收到补正后的申请，答复期限自该日重新计算（第三十条）",
        "2021-02-07（星期日）为调休上班日，计入（第1个工作日）",
        "跳过 2021-02-11至2021-02-17 春节",
        "2021-02-20（星期六）为调休上班日，计入（第7个工作日）",
        "第20个工作日：2021-03-10（星期三）为答复期限",
    ]


def test_late_correction_notice_is_flagged() -> None:
    clock = derive_clock(Application(D("2024-09-27"), events=(CorrectionRequested(D("2024-10-14")),)))
    assert clock.correction_notice_due == D("2024-10-12")
    assert clock.status is ClockStatus.AWAITING_CORRECTION and clock.due is None
    assert "不符合第三十条" in clock.warnings[0]


def test_no_correction_in_the_period_closes_the_application() -> None:
    events = (CorrectionRequested(D("2024-03-05"), D("2024-03-20")),)
    waiting = derive_clock(Application(D("2024-03-01"), events=events), as_of=D("2024-03-20"))
    assert waiting.status is ClockStatus.AWAITING_CORRECTION
    closed = derive_clock(Application(D("2024-03-01"), events=events), as_of=D("2024-03-21"))
    assert closed.status is ClockStatus.CLOSED_NO_CORRECTION
    assert closed.outcome_key("2021") == "other_no_correction"
    assert closed.outcome_key("2019") == "other"
    assert (
        explain_clock(closed)[-1].text
        == "补正期限 2024-03-20 届满未补正，视为放弃申请，不再处理（第三十条；表三“其他处理”）"
    )


def test_consultation_pause_across_national_day_2022() -> None:
    # Letter sent Mon 9/26 (day 4 still counts); (9/26, 10/13] holds 10 working days: 9/27–9/30, 10/8 (Sat),
    # 10/9 (Sun), 10/10–10/13. Resume 10/14 = 5, … 11/4 = 20 (without the pause: 10/21).
    consultation = Consultation(D("2022-09-26"), D("2022-10-13"), ConsultationParty.THIRD_PARTY)
    clock = derive_clock(Application(D("2022-09-20"), events=(consultation,)))
    assert clock.due == D("2022-11-04")
    assert due_date(Application(D("2022-09-20"))) == (D("2022-10-21"), False)
    assert [(s.counting, s.start, s.end, s.workdays) for s in clock.segments] == [
        (True, D("2022-09-20"), D("2022-09-26"), 4),
        (False, D("2022-09-26"), D("2022-10-13"), 10),
        (True, D("2022-10-13"), D("2022-11-04"), 16),
    ]
    assert texts("2022-09-20", consultation) == [
        "第0日：2022-09-20 收到申请（当面提交）",
        "2022-09-26至2022-10-13 征求第三方意见期间不计（10个工作日；第三十三条第二款）",
        "第20个工作日：2022-11-04（星期五）为答复期限",
    ]


def test_open_consultation_runs_through_as_of() -> None:
    open_one = Consultation(D("2022-09-26"), None, ConsultationParty.AGENCY)
    clock = derive_clock(Application(D("2022-09-20"), events=(open_one,)), as_of=D("2022-10-13"))
    assert clock.due == D("2022-11-04")
    assert clock.status is ClockStatus.PAUSED
    assert (clock.used, clock.left) == (4, 16)


def test_extension_across_spring_festival_2026() -> None:
    # 20 working days: … 2/13 = 18, 2/14 (Sat) = 19, 2/15–2/23 off, 2/24 = 20.
    # +20: 2/25–2/27 = 3, 2/28 (Sat) = 4, 3/2 … 3/23 = 20.
    ext = Extension(D("2026-02-10"), 20, "办公室主任李四")
    clock = derive_clock(Application(D("2026-01-20"), events=(ext,)), as_of=D("2026-03-24"))
    assert (clock.statutory_due, clock.due, clock.budget) == (D("2026-03-23"), D("2026-03-23"), 40)
    assert (clock.overdue, clock.left) == (True, -1)
    assert [s.text for s in explain_clock(clock)] == [
        "第0日：2026-01-20 收到申请（当面提交）",
        "2026-02-10 延长20个工作日，经办公室主任李四批准（第三十三条），共40个工作日",
        "2026-02-14（星期六）为调休上班日，计入（第19个工作日）",
        "跳过 2026-02-15至2026-02-23 春节",
        "2026-02-28（星期六）为调休上班日，计入（第24个工作日）",
        "第40个工作日：2026-03-23（星期一）为答复期限",
        "截至 2026-03-24：已超过答复期限1个工作日",
    ]
    assert due_date(Application(D("2026-01-20"))) == (D("2026-02-24"), False)


def test_second_extension_is_an_error() -> None:
    events = (Extension(D("2024-10-08"), 10), Extension(D("2024-10-20"), 10))
    with pytest.raises(ClockInputError, match="只能延长一次"):
        derive_clock(Application(D("2024-09-27"), events=events))
    with pytest.raises(ClockInputError, match="1至20个工作日"):
        derive_clock(Application(D("2024-09-27"), events=(Extension(D("2024-10-08"), 21),)))


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ((Answered(D("2024-10-08")), Answered(D("2024-10-09"))), "答复只能记录一次"),
        (
            (FeeNotice(D("2024-10-08")), FeePaid(D("2024-10-09")), FeePaid(D("2024-10-10"))),
            "缴费只能记录一次",
        ),
        (
            (CorrectionRequested(D("2024-09-30")), CorrectionRequested(D("2024-10-08"))),
            "补正应当一次性告知（第三十条），不能有第二次补正告知",
        ),
        (
            (
                CorrectionRequested(D("2024-09-30")),
                CorrectionReceived(D("2024-10-08")),
                CorrectionReceived(D("2024-10-09")),
            ),
            "只能有一次收到补正申请",
        ),
        ((CorrectionRequested(D("2024-09-30"), D("2024-09-29")),), "补正期限早于补正告知日期"),
        (
            (LaterDeadline(D("2024-10-20"), D("2024-10-19"), "数量大"),),
            "第三十五条延迟答复期限早于作出决定之日",
        ),
    ],
)
def test_contradictory_events_are_refused_with_the_reason(events: tuple[Event, ...], message: str) -> None:
    with pytest.raises(ClockInputError) as info:
        derive_clock(Application(D("2024-09-27"), events=events))
    assert info.value.detail == message


def test_limits_on_their_last_day_are_kept() -> None:
    # a later deadline may be the decision's own day; a correction received on the last day given is in time
    same_day = LaterDeadline(D("2024-10-30"), D("2024-10-30"), "数量大")
    assert derive_clock(Application(D("2024-09-27"), events=(same_day,))).due == D("2024-10-30")
    # the 补正 notice on the 7th working day after receipt (9/29 Sun = 1, 9/30 = 2, 10/8–10/11 = 3–6, 10/12 Sat = 7)
    # is in time; on the 8th (10/14) it is late
    for notice, warned in (
        ("2024-10-12", ()),
        ("2024-10-14", ("补正告知日 2024-10-14 晚于收到申请后第7个工作日（2024-10-12），不符合第三十条",)),
    ):
        late_notice = CorrectionRequested(D(notice), D("2024-10-25"))
        assert (
            derive_clock(Application(D("2024-09-27"), events=(late_notice,)), as_of=D("2024-10-15")).warnings
            == warned
        )
    asked = CorrectionRequested(D("2024-09-30"), D("2024-10-15"))
    for received, warned in (("2024-10-15", ()), ("2024-10-16", ("补正申请晚于告知的补正期限收到",))):
        clock = derive_clock(Application(D("2024-09-27"), events=(asked, CorrectionReceived(D(received)))))
        assert clock.warnings == warned


def test_explanation_steps_carry_their_kind_dates_and_working_day() -> None:
    # What the web page shows beside each line. Received 9/27; the 补正 notice 9/30 is within 7 working days
    # (9/29 Sun = 1, 9/30 = 2, 10/8–10/11 = 3–6, 10/12 Sat = 7); 国庆节 lies inside the correction pause, so it
    # is not listed. Corrected 10/10: day 0 again; 10/11 = 1, 10/12 (Sat) = 2, 10/14–11/1 = 3–17, 11/4–11/6 = 18–20.
    events = (CorrectionRequested(D("2024-09-30"), D("2024-10-15")), CorrectionReceived(D("2024-10-10")))
    clock = derive_clock(Application(D("2024-09-27"), events=events), as_of=D("2024-10-11"))
    steps = [(s.kind.value, s.date, s.end, s.workday) for s in explain_clock(clock)]
    assert steps == [
        ("receipt", D("2024-09-27"), None, 0),
        ("correction_notice", D("2024-09-30"), None, None),
        ("correction_pause", D("2024-09-30"), D("2024-10-10"), None),
        ("restart", D("2024-10-10"), None, 0),
        ("make_up_day", D("2024-10-12"), None, 2),
        ("due", D("2024-11-06"), None, 20),
        ("status", D("2024-10-11"), None, None),
    ]
    assert explain_clock(clock)[-1].text == "截至 2024-10-11：已用1个工作日，剩余19个工作日"


def test_fee_notice_pauses_until_payment_configurable() -> None:
    # Received Mon 5/6/2024: 5/7–5/10 = 1–4, 5/11 (Sat) = 5, … 5/31 = 20. Fee notice received 5/13, paid 5/20:
    # (5/13, 5/20] = 5 working days not counted → 6/7.
    events = (FeeNotice(D("2024-05-13")), FeePaid(D("2024-05-20")))
    assert due_date(Application(D("2024-05-06"), events=events)) == (D("2024-06-07"), False)
    no_pause = ClockConfig(fee_notice_pauses=False)
    assert due_date(Application(D("2024-05-06"), events=events), config=no_pause) == (D("2024-05-31"), False)
    explained = [
        s.text
        for s in explain_clock(derive_clock(Application(D("2024-05-06"), events=events), config=no_pause))
    ]
    assert (
        "2024-05-13 申请人收到收费通知，应在次日起20个工作日内（2024-06-11 前）缴费；收费通知至缴费期间照常计算（国办函〔2020〕109号）"
        in explained
    )
    assert ClockConfig().fee_notice_pauses_verified is False


def test_unpaid_fee_closes_after_the_20th_working_day() -> None:
    # Payment due: 20th working day counted from the day after 5/13: … 6/7 = 19, 6/10 端午 off, 6/11 = 20.
    app = Application(D("2024-05-06"), events=(FeeNotice(D("2024-05-13")),))
    pending = derive_clock(app, as_of=D("2024-06-11"))
    assert pending.fee_payment_due == D("2024-06-11")
    assert pending.status is ClockStatus.PAUSED
    closed = derive_clock(app, as_of=D("2024-06-12"))
    assert closed.status is ClockStatus.CLOSED_UNPAID_FEE
    assert (closed.outcome_key("2021"), closed.outcome_key("2019")) == ("other_unpaid_fee", "other")
    assert closed.outcome_key() == "other_unpaid_fee"  # the 2021 template unless told otherwise
    assert "2024-06-11 缴费期限届满未缴费，视为放弃申请，不再处理（表三“其他处理”）" in [
        s.text for s in explain_clock(closed)
    ]


def test_article_35_later_deadline() -> None:
    later = LaterDeadline(D("2024-10-20"), D("2024-12-31"), "申请数量明显超过合理范围")
    clock = derive_clock(Application(D("2024-09-27"), events=(later, Answered(D("2024-12-30")))))
    assert (clock.statutory_due, clock.due, clock.answered_in_time) == (
        D("2024-10-30"),
        D("2024-12-31"),
        True,
    )
    steps = [s.text for s in explain_clock(clock)]
    assert (
        "2024-10-20 依第三十五条确定延迟答复的合理期限："
        "2024-12-31（星期二）为答复期限（理由：申请数量明显超过合理范围）" in steps
    )
    assert steps[-1] == "2024-12-30 作出答复，在答复期限内"


def test_answered_late() -> None:
    clock = derive_clock(
        Application(D("2024-09-27"), events=(Answered(D("2024-11-01")),)), as_of=D("2025-01-01")
    )
    assert (clock.status, clock.answered_in_time, clock.overdue, clock.left) == (
        ClockStatus.ANSWERED,
        False,
        False,
        -2,
    )
    assert explain_clock(clock)[-1].text == "2024-11-01 作出答复，超过答复期限2个工作日"


@pytest.mark.parametrize(
    ("answered", "in_time", "left", "last"),
    [
        ("2024-12-31", True, 0, "2024-12-31 作出答复，在答复期限内"),
        # 2025-01-01 元旦 is off: the next working day, 1/2, is one working day late
        ("2025-01-02", False, -1, "2025-01-02 作出答复，超过答复期限1个工作日"),
    ],
)
def test_answered_on_the_due_day_is_in_time(answered: str, in_time: bool, left: int, last: str) -> None:
    # Received Tue 2024-12-03: 12/4 = 1, 12/5 = 2, 12/6 = 3, 12/9–12/13 = 4–8, 12/16–12/20 = 9–13,
    # 12/23–12/27 = 14–18, 12/30 = 19, 12/31 = 20 (no make-up working day in December 2024).
    clock = derive_clock(Application(D("2024-12-03"), events=(Answered(D(answered)),)), as_of=D("2025-01-10"))
    assert clock.due == D("2024-12-31")
    assert (clock.status, clock.answered_in_time, clock.overdue, clock.left) == (
        ClockStatus.ANSWERED,
        in_time,
        False,
        left,
    )
    assert explain_clock(clock)[-1].text == last


@pytest.mark.parametrize(
    ("fee_pause", "extended_on", "due", "late"),
    [
        # no pause: the original due date is 2024-10-30 (see test_national_day_2024_with_two_make_up_days);
        # 40 working days: 10/31 = 21, 11/1 = 22, 11/4–11/8 = 23–27, …, 11/25–11/27 = 38–40
        (False, "2024-10-30", "2024-11-27", False),
        (False, "2024-10-31", "2024-11-27", True),
        # fee notice 10/8, paid 10/10: 10/9 and 10/10 not counted, so 10/8 = 3, 10/11 = 4, 10/12 (Sat) = 5,
        # 10/14–10/18 = 6–10, 10/21–10/25 = 11–15, 10/28–10/31 = 16–19, the original due date 11/1 = 20;
        # 40 working days: 11/4–11/8 = 21–25, …, 11/25–11/29 = 36–40
        (True, "2024-11-01", "2024-11-29", False),
        (True, "2024-11-04", "2024-11-29", True),
    ],
)
def test_extension_is_due_by_the_original_due_date(
    fee_pause: bool, extended_on: str, due: str, late: bool
) -> None:
    events: tuple[Event, ...] = (FeeNotice(D("2024-10-08")), FeePaid(D("2024-10-10"))) if fee_pause else ()
    clock = derive_clock(
        Application(D("2024-09-27"), events=(*events, Extension(D(extended_on)))), as_of=D("2024-11-05")
    )
    assert clock.due == D(due)
    assert clock.warnings == (("延长决定晚于原答复期限作出",) if late else ())


def test_due_date_hot_path_says_when_it_is_provisional() -> None:
    # the web application's cached due date: (due, provisional) only
    assert due_date(Application(D("2024-09-27"))) == (D("2024-10-30"), False)
    # 2026-12-11 = 1, …, 12/31 = 15, 2027-01-01 元旦, 1/4–1/8 = 16–20 (2027 not announced yet)
    assert due_date(Application(D("2026-12-10"))) == (D("2027-01-08"), True)
    # 2024-12-11 = 1, …, 12/31 = 15, 2025-01-01 元旦, 1/2 = 16, 1/3 = 17, 1/6–1/8 = 18–20: the same day with or
    # without the 2025 notice, but provisional with a calendar that lacks it
    app = Application(D("2024-12-10"))
    without_2025 = WorkdayCalendar([y for y in iter_packaged_calendar_years() if y.year != 2025])
    assert due_date(app) == (D("2025-01-08"), False)
    assert due_date(app, without_2025) == (D("2025-01-08"), True)
    # waiting for the correction: no due date, and nothing provisional about it
    waiting = Application(D("2024-09-27"), events=(CorrectionRequested(D("2024-09-30"), D("2024-10-15")),))
    assert due_date(waiting, as_of=D("2024-10-08")) == (None, False)


def test_provisional_when_the_clock_reaches_2027() -> None:
    # 2026-12-11 = 1, …, 12/31 = 15; 2027-01-01 元旦 (statutory, provisional); 1/4–1/8 = 16–20.
    clock = derive_clock(Application(D("2026-12-10")))
    assert (clock.due, clock.provisional, clock.provisional_years) == (D("2027-01-08"), True, (2027,))
    steps = [s.text for s in explain_clock(clock)]
    assert "跳过 2027-01-01 元旦（临时：法定节日）" in steps
    assert steps[1].startswith("2027年的国务院放假通知尚未载入")
    assert steps[-1] == "答复期限 2027-01-08 为临时期限（涉及未载入放假通知的年度）"


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ((CorrectionReceived(D("2024-10-08")),), "没有补正告知"),
        ((FeePaid(D("2024-10-08")),), "没有收费通知"),
        ((Consultation(D("2024-10-08"), D("2024-10-01")),), "早于发出日"),
        ((Answered(D("2024-09-01")),), "早于收到申请之日"),
        ((CorrectionRequested(D("2024-09-28")), CorrectionRequested(D("2024-09-29"))), "一次性告知"),
    ],
)
def test_contradictory_events_are_input_errors(events: tuple[Event, ...], message: str) -> None:
    with pytest.raises(ClockInputError, match=message):
        derive_clock(Application(D("2024-09-27"), events=events))


def test_events_after_as_of_have_not_happened_yet() -> None:
    app = Application(D("2024-09-27"), events=(Extension(D("2024-10-25")),))
    assert derive_clock(app, as_of=D("2024-10-24")).due == D("2024-10-30")
    assert derive_clock(app, as_of=D("2024-10-25")).due == D("2024-11-27")
    assert default_calendar().add_workdays(D("2024-10-30"), 20) == D("2024-11-27")


# ---- every step of an explanation (issue 18: the steps' dates and order were tested for one case only) -----
# kind, dates, working day and sentence, for pauses, holidays inside and at the edges of a pause, an extension,
# an unpaid fee, a correction and the status lines; counted on the 2024 notice (国庆节 10/1–10/7 off, 9/29 (Sun)
# and 10/12 (Sat) working days).

RECEIPT = ("receipt", "2024-09-20", None, 0, "第0日：2024-09-20 收到申请（当面提交）")
NATIONAL_DAY = ("holiday", "2024-10-01", "2024-10-07", None, "跳过 2024-10-01至2024-10-07 国庆节")
NOTICE = (
    "correction_notice", "2024-09-24", None, None,
    "2024-09-24 一次性告知补正（第三十条：应在收到申请后7个工作日内，即 2024-09-30 前告知），补正期限至 2024-10-15",
)  # fmt: skip
AWAITING = "尚未收到补正申请：答复期限自收到补正申请之日起重新计算，暂无答复期限"

EXPLAINED: dict[str, tuple[tuple[Event, ...], str | None, list[tuple[str, str | None, str | None, int | None, str]]]] = {
    # Received Fri 9/20: 9/23 = 1, 9/24 = 2, 9/25 = 3 (the consultation's first day counts); (9/25, 10/9] not
    # counted: 9/26, 9/27, 9/29, 9/30, 10/8, 10/9 = 6; 国庆节 and 9/29 lie inside the pause and are not listed;
    # 10/10 = 4, 10/11 = 5, 10/12 = 6, 10/14–10/18 = 7–11, …, 11/25–11/28 = 37–40.
    "pause, extension, answered": (
        (Consultation(D("2024-09-25"), D("2024-10-09")), Extension(D("2024-10-15"), 20, "办公室主任"),
         Answered(D("2024-11-20"))),
        None,
        [
            RECEIPT,
            ("pause", "2024-09-25", "2024-10-09", None,
             "2024-09-25至2024-10-09 征求第三方意见期间不计（6个工作日；第三十三条第二款）"),
            ("make_up_day", "2024-10-12", None, 6, "2024-10-12（星期六）为调休上班日，计入（第6个工作日）"),
            ("extension", "2024-10-15", None, None,
             "2024-10-15 延长20个工作日，经办公室主任批准（第三十三条），共40个工作日"),
            ("due", "2024-11-28", None, 40, "第40个工作日：2024-11-28（星期四）为答复期限"),
            ("answered", "2024-11-20", None, None, "2024-11-20 作出答复，在答复期限内"),
        ],
    ),
    # 9/25 = 3; (9/25, 10/4] = 9/26, 9/27, 9/29, 9/30 = 4; 国庆节 runs past the pause: listed; 10/8–10/11 = 4–7,
    # 10/12 = 8, 10/14 = 9 (fee notice, then not counted until payment, due on the 20th working day from 10/15:
    # 10/15–10/18 = 1–4, …, 11/4–11/8 = 15–19, 11/11 = 20); 11/12–11/15 = 10–13, …, 11/25 = 19, 11/26 = 20.
    # Unpaid on 11/30: closed, no status line.
    "holiday past a pause, unpaid fee": (
        (Consultation(D("2024-09-25"), D("2024-10-04")), FeeNotice(D("2024-10-14"))),
        "2024-11-30",
        [
            RECEIPT,
            ("pause", "2024-09-25", "2024-10-04", None,
             "2024-09-25至2024-10-04 征求第三方意见期间不计（4个工作日；第三十三条第二款）"),
            NATIONAL_DAY,
            ("make_up_day", "2024-10-12", None, 8, "2024-10-12（星期六）为调休上班日，计入（第8个工作日）"),
            ("fee_notice", "2024-10-14", None, None,
             "2024-10-14 申请人收到收费通知，应在次日起20个工作日内（2024-11-11 前）缴费；"
             "收费通知至缴费期间不计（国办函〔2020〕109号）"),
            ("pause", "2024-10-14", "2024-11-11", None,
             "2024-10-14至2024-11-11 收费通知至缴费期间不计（20个工作日；国办函〔2020〕109号）"),
            ("fee_unpaid", "2024-11-11", None, None,
             "2024-11-11 缴费期限届满未缴费，视为放弃申请，不再处理（表三“其他处理”）"),
            ("due", "2024-11-26", None, 20, "第20个工作日：2024-11-26（星期二）为答复期限"),
        ],
    ),
    # a holiday ending on the pause's last day is inside it: 9/25 = 3, (9/25, 10/7] = 4 working days,
    # 10/8–10/12 = 4–8, 10/14–10/18 = 9–13, 10/21–10/25 = 14–18, 10/28 = 19, 10/29 = 20
    "holiday ending with the pause": (
        (Consultation(D("2024-09-25"), D("2024-10-07")),),
        None,
        [
            RECEIPT,
            ("pause", "2024-09-25", "2024-10-07", None,
             "2024-09-25至2024-10-07 征求第三方意见期间不计（4个工作日；第三十三条第二款）"),
            ("make_up_day", "2024-10-12", None, 8, "2024-10-12（星期六）为调休上班日，计入（第8个工作日）"),
            ("due", "2024-10-29", None, 20, "第20个工作日：2024-10-29（星期二）为答复期限"),
        ],
    ),
    # a pause beginning on the holiday's first day: the holiday is listed after the pause (same date);
    # 9/23–9/27 = 1–5, 9/29 = 6, 9/30 = 7, (10/1, 10/9] = 10/8, 10/9 = 2, 10/10–10/12 = 8–10, …, 10/25 = 20
    "pause from the holiday's first day": (
        (Consultation(D("2024-10-01"), D("2024-10-09")),),
        None,
        [
            RECEIPT,
            ("make_up_day", "2024-09-29", None, 6, "2024-09-29（星期日）为调休上班日，计入（第6个工作日）"),
            ("pause", "2024-10-01", "2024-10-09", None,
             "2024-10-01至2024-10-09 征求第三方意见期间不计（2个工作日；第三十三条第二款）"),
            NATIONAL_DAY,
            ("make_up_day", "2024-10-12", None, 10, "2024-10-12（星期六）为调休上班日，计入（第10个工作日）"),
            ("due", "2024-10-25", None, 20, "第20个工作日：2024-10-25（星期五）为答复期限"),
        ],
    ),
    # open consultation from 10/10 (= 10): as of 10/16 used 10; the due date as if it ended today:
    # (10/10, 10/16] = 10/11, 10/12, 10/14, 10/15, 10/16 = 5; 10/17 = 11, …, 10/30 = 20
    "open pause": (
        (Consultation(D("2024-10-10")),),
        "2024-10-16",
        [
            RECEIPT,
            ("make_up_day", "2024-09-29", None, 6, "2024-09-29（星期日）为调休上班日，计入（第6个工作日）"),
            NATIONAL_DAY,
            ("pause", "2024-10-10", "2024-10-16", None,
             "2024-10-10至2024-10-16 征求第三方意见期间不计（尚未结束）（5个工作日；第三十三条第二款）"),
            ("due", "2024-10-30", None, 20, "第20个工作日：2024-10-30（星期三）为答复期限"),
            ("status", "2024-10-16", None, None, "截至 2024-10-16：已用10个工作日，剩余10个工作日（计时暂停中）"),
        ],
    ),
    # 9/23–9/27 = 1–5, 9/29 = 6, 9/30 = 7, 10/8–10/11 = 8–11, 10/12 = 12, …, 10/21–10/23 = 18–20;
    # 10/24, 10/25, 10/28, 10/29, 10/30: five working days over
    "overdue": (
        (),
        "2024-10-30",
        [
            RECEIPT,
            ("make_up_day", "2024-09-29", None, 6, "2024-09-29（星期日）为调休上班日，计入（第6个工作日）"),
            NATIONAL_DAY,
            ("make_up_day", "2024-10-12", None, 12, "2024-10-12（星期六）为调休上班日，计入（第12个工作日）"),
            ("due", "2024-10-23", None, 20, "第20个工作日：2024-10-23（星期三）为答复期限"),
            ("status", "2024-10-30", None, None, "截至 2024-10-30：已超过答复期限5个工作日"),
        ],
    ),
    # the notice is due on the 7th working day: 9/23–9/27 = 1–5, 9/29 = 6, 9/30 = 7
    "awaiting the correction": (
        (CorrectionRequested(D("2024-09-24"), D("2024-10-15")),),
        "2024-10-10",
        [RECEIPT, NOTICE, ("awaiting_correction", "2024-10-10", None, None, f"截至 2024-10-10{AWAITING}")],
    ),
    "awaiting the correction, no date given": (
        (CorrectionRequested(D("2024-09-24"), D("2024-10-15")),),
        None,
        [RECEIPT, NOTICE, ("awaiting_correction", None, None, None, f"目前{AWAITING}")],
    ),
    "no correction by the end of the period": (
        (CorrectionRequested(D("2024-09-24"), D("2024-10-15")),),
        "2024-10-16",
        [
            RECEIPT,
            NOTICE,
            ("no_correction", "2024-10-15", None, None,
             "补正期限 2024-10-15 届满未补正，视为放弃申请，不再处理（第三十条；表三“其他处理”）"),
        ],
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", EXPLAINED)
def test_every_step_of_the_explanation(name: str) -> None:
    events, as_of, expected = EXPLAINED[name]
    clock = derive_clock(Application(D("2024-09-20"), events=events), as_of=D(as_of) if as_of else None)
    steps = [
        (s.kind.value, s.date and s.date.isoformat(), s.end and s.end.isoformat(), s.workday, s.text)
        for s in explain_clock(clock)
    ]
    assert steps == expected


def test_step_as_dict() -> None:
    clock = derive_clock(
        Application(D("2024-09-20"), events=(Consultation(D("2024-09-25"), D("2024-10-09")),))
    )
    assert explain_clock(clock)[1].as_dict() == {
        "kind": "pause",
        "text": "2024-09-25至2024-10-09 征求第三方意见期间不计（6个工作日；第三十三条第二款）",
        "date": "2024-09-25",
        "end": "2024-10-09",
        "workday": None,
    }
    assert explain_clock(clock)[0].as_dict()["end"] is None


def test_two_pauses_from_the_same_day_keep_their_order() -> None:
    # 9/23–9/27 = 1–5, 9/29 = 6, 9/30 = 7, 10/8–10/11 = 8–11, 10/12 = 12, 10/14 = 13 (both pauses' first day);
    # (10/14, 10/18] not counted (the fee pause 10/15–10/16 lies inside it); 10/21–10/25 = 14–18, 10/29 = 20.
    # Payment due on the 20th working day from 10/15: 10/15–10/18 = 1–4, …, 11/4–11/8 = 15–19, 11/11 = 20.
    events = (
        Consultation(D("2024-10-14"), D("2024-10-18")),
        FeeNotice(D("2024-10-14")),
        FeePaid(D("2024-10-16")),
    )
    clock = derive_clock(Application(D("2024-09-20"), events=events))
    steps = [(s.kind.value, s.date, s.end) for s in explain_clock(clock)][4:]
    assert steps == [
        ("fee_notice", D("2024-10-14"), None),
        ("pause", D("2024-10-14"), D("2024-10-18")),
        ("pause", D("2024-10-14"), D("2024-10-16")),
        ("due", D("2024-10-29"), None),
    ]


def test_warnings_close_the_explanation() -> None:
    # due 2024-10-30 (test_national_day_2024_with_two_make_up_days); extended the day after
    clock = derive_clock(Application(D("2024-09-27"), events=(Extension(D("2024-10-31")),)))
    last = explain_clock(clock)[-1]
    assert (last.kind.value, last.text, last.date) == ("warning", "注意：延长决定晚于原答复期限作出", None)
    assert last.as_dict() == {
        "kind": "warning",
        "text": "注意：延长决定晚于原答复期限作出",
        "date": None,
        "end": None,
        "workday": None,
    }


def test_provisional_year_sentence() -> None:
    clock = derive_clock(Application(D("2026-12-10")))
    assert explain_clock(clock)[1].text == (
        "2027年的国务院放假通知尚未载入：2027年的日期按周末及元旦、劳动节、国庆节的法定日期临时计算"
        "（未含春节、清明节、端午节、中秋节），结果为临时期限，载入通知后重新计算"
    )
