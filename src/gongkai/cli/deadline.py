"""``gongkai deadline``: the reply deadline of one application, with a step-by-step explanation.

Also registers the ``gongkai calendar`` sub-commands (:mod:`gongkai.cli.calendar`).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from rich.console import Console

from gongkai.cli import app
from gongkai.cli.calendar import fail
from gongkai.clock import (
    Application,
    ClockConfig,
    ConsultationParty,
    Event,
    EventKind,
    ReceiptBasis,
    default_calendar,
    derive_clock,
    explain_clock,
    format_day,
    make_event,
)
from gongkai.errors import InputError

EVENT_HELP = (
    "事件，可重复：correction-requested:日期[:补正期限]、correction-received:日期、"
    "consultation:发函日[:收到意见日]（第三方）、agency-consultation:发函日[:收到意见日]、"
    "extended:日期[:天数[:批准人]]、fee-notice:收到通知日[:金额]、fee-paid:日期、"
    "later-deadline:日期:延迟期限[:理由]、answered:日期"
)
# The command's names of the event kinds (and whom a consultation asks).
_KINDS: dict[str, tuple[EventKind, ConsultationParty | None]] = {
    "correction-requested": (EventKind.CORRECTION_REQUESTED, None),
    "correction-received": (EventKind.CORRECTION_RECEIVED, None),
    "consultation": (EventKind.CONSULTATION, ConsultationParty.THIRD_PARTY),
    "agency-consultation": (EventKind.CONSULTATION, ConsultationParty.AGENCY),
    "extended": (EventKind.EXTENSION, None),
    "fee-notice": (EventKind.FEE_NOTICE, None),
    "fee-paid": (EventKind.FEE_PAID, None),
    "later-deadline": (EventKind.LATER_DEADLINE, None),
    "answered": (EventKind.ANSWERED, None),
}


def parse_date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        fail(f"{what}不是有效日期：“{text}”（应为 YYYY-MM-DD，如 2024-09-27）")


def _int(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        fail(f"{what}应为整数：“{text}”")


def parse_event(spec: str) -> Event:
    """``kind:DATE[:…]`` → an event. Unknown kinds and bad dates end the command with exit code 2."""
    kind, _, rest = spec.partition(":")
    parts = rest.split(":") if rest else []
    if kind not in _KINDS:
        fail(f"未知的事件类型：“{kind}”（可选：{'、'.join(_KINDS)}）")
    if not parts or not parts[0]:
        fail(f"事件 {kind} 缺少日期（写法：{kind}:YYYY-MM-DD）")
    limits = {"later-deadline": (2, 3), "extended": (1, 3), "correction-requested": (1, 2)}
    lo, hi = limits.get(kind, (1, 2 if "consultation" in kind or kind == "fee-notice" else 1))
    if not lo <= len(parts) <= hi:
        fail(f"事件写法不对：“{spec}”（{EVENT_HELP}）")
    day = parse_date(parts[0], f"事件 {kind} 的日期")
    extra = parts[1:]
    event_kind, party = _KINDS[kind]
    first = extra[0] if extra else None
    if event_kind is EventKind.CONSULTATION and not first:
        first = None  # "consultation:DATE:" — still open
    second = extra[1] if len(extra) > 1 else ""
    end_what = {
        EventKind.CORRECTION_REQUESTED: "补正期限",
        EventKind.CONSULTATION: "收到意见日",
        EventKind.LATER_DEADLINE: "延迟答复期限",
    }
    return make_event(
        event_kind,
        day,
        end=parse_date(first, end_what[event_kind]) if first is not None and event_kind in end_what else None,
        party=party,
        days=_int(first, "延长天数") if first is not None and event_kind is EventKind.EXTENSION else None,
        amount=_int(first, "收费金额") if first is not None and event_kind is EventKind.FEE_NOTICE else None,
        approved_by=second,
        reason=second,
    )


@app.command("deadline")
def deadline_command(
    received: Annotated[
        str | None, typer.Option("--received", help="收到申请之日（第三十一条），YYYY-MM-DD")
    ] = None,
    basis: Annotated[
        str, typer.Option("--basis", help="in-person、mail、mail-plain、online 或 fax")
    ] = "in-person",
    event: Annotated[list[str] | None, typer.Option("--event", help=EVENT_HELP)] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="计算截至哪一天（默认今天）")] = None,
    output_format: Annotated[str, typer.Option("--format", help="human 或 json")] = "human",
    fee_pause: Annotated[
        bool, typer.Option("--fee-pause/--no-fee-pause", help="收费通知至缴费期间是否不计（依据待核实）")
    ] = True,
    template: Annotated[str, typer.Option("--template", help="表三模板：2021 或 2019")] = "2021",
    calendar_dir: Annotated[
        list[str] | None, typer.Option("--calendar-dir", help="另外载入的日历目录")
    ] = None,
) -> None:
    """计算依申请公开的答复期限（按国务院放假调休安排计算工作日），并逐步说明。"""
    if received is None:
        fail("缺少 --received（收到申请之日，如 --received 2024-09-27）")
    if output_format not in ("human", "json"):
        fail(f"未知的输出格式：{output_format}（可选 human、json）")
    if template not in ("2019", "2021"):
        fail(f"未知的模板：{template}（可选 2019、2021）")
    try:
        receipt_basis = ReceiptBasis(basis)
    except ValueError:
        fail(f"未知的收到方式：{basis}（可选 {'、'.join(b.value for b in ReceiptBasis)}）")
    received_day = parse_date(received, "--received")
    events = tuple(parse_event(spec) for spec in event or [])
    if as_of is not None:
        as_of_day = parse_date(as_of, "--as-of")
    else:
        as_of_day = max([dt.date.today(), received_day, *(e.date for e in events)])
    application = Application(received_day, receipt_basis, events)
    try:
        cal = default_calendar(*(calendar_dir or []))
        clock = derive_clock(application, cal, ClockConfig(fee_notice_pauses=fee_pause), as_of_day)
        steps = explain_clock(clock, cal)
    except InputError as error:
        fail(error.line())

    if output_format == "json":
        data = {
            "received": received_day.isoformat(),
            "basis": receipt_basis.value,
            "start": clock.start.isoformat(),
            "due": clock.due.isoformat() if clock.due else None,
            "statutory_due": clock.statutory_due.isoformat() if clock.statutory_due else None,
            "provisional": clock.provisional,
            "provisional_years": list(clock.provisional_years),
            "status": clock.status.value,
            "outcome": clock.outcome_key(template),
            "as_of": as_of_day.isoformat(),
            "working_days": clock.budget,
            "working_days_used": clock.used,
            "working_days_left": clock.left,
            "overdue": clock.overdue,
            "answered_in_time": clock.answered_in_time,
            "fee_notice_pauses": fee_pause,
            "fee_notice_pauses_verified": clock.config.fee_notice_pauses_verified,
            "segments": [
                {
                    "counting": s.counting,
                    "from": s.start.isoformat(),
                    "to": s.end.isoformat(),
                    "workdays": s.workdays,
                }
                for s in clock.segments
            ],
            "warnings": list(clock.warnings),
            "steps": [s.as_dict() for s in steps],
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return

    console = Console(highlight=False, soft_wrap=True)
    if clock.due is None:
        console.print("[bold]答复期限：暂无[/bold]（等待补正；收到补正申请后重新计算）")
    else:
        mark = "　[yellow]临时期限[/yellow]（涉及未载入放假通知的年度）" if clock.provisional else ""
        console.print(f"[bold]答复期限：{format_day(clock.due)}[/bold]{mark}")
    if clock.used is not None and clock.left is not None:
        left = f"剩余{clock.left}个工作日" if clock.left >= 0 else f"已超期{-clock.left}个工作日"
        console.print(
            f"截至 {as_of_day.isoformat()}：已用{clock.used}个工作日，{left}（共{clock.budget}个工作日）"
        )
    outcome = clock.outcome_key(template)
    if outcome:
        console.print(f"状态：{clock.status.value}（表三：{outcome}）")
    console.print("计算过程：")
    for number, step in enumerate(steps, 1):
        console.print(f"  {number}. {step.text}", markup=False)
