"""What happens to one application: the stored events, from which the clock is derived.

Store these events, never a due date: the due date, the working days used and left and the explanation are all
computed from them (:func:`gongkai.clock.application.derive_clock`), so a corrected event or a newly
loaded holiday notice recomputes everything.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import TypeVar

from gongkai.errors import InputError

_T = TypeVar("_T")

__all__ = [
    "Answered",
    "Application",
    "ClockConfig",
    "ClockInputError",
    "Consultation",
    "ConsultationParty",
    "CorrectionReceived",
    "CorrectionRequested",
    "Event",
    "EventKind",
    "Extension",
    "FeeNotice",
    "FeePaid",
    "GroupedEvents",
    "LaterDeadline",
    "ReceiptBasis",
    "group_events",
    "make_event",
]


class ClockInputError(InputError):
    """The events of an application contradict each other or the Regulation; ``detail`` says how."""

    code = "clock-events"
    message = "申请办理事件有误"
    hint = ""


class ReceiptBasis(enum.StrEnum):
    """Art. 31: which date counts as the date of receipt."""

    IN_PERSON = "in-person"  # (一) 当面提交：提交之日
    MAIL = "mail"  # (二) 邮寄：签收之日
    MAIL_PLAIN = "mail-plain"  # (二) 平常信函等无需签收的邮件：与申请人确认之日
    ONLINE = "online"  # (三) 互联网渠道：双方确认之日
    FAX = "fax"  # (三) 传真：双方确认之日

    @property
    def label_zh(self) -> str:
        return _BASIS_LABELS[self]


_BASIS_LABELS = {
    ReceiptBasis.IN_PERSON: "当面提交",
    ReceiptBasis.MAIL: "邮寄，以签收之日为准",
    ReceiptBasis.MAIL_PLAIN: "平常信函，以确认之日为准",
    ReceiptBasis.ONLINE: "互联网渠道，以双方确认之日为准",
    ReceiptBasis.FAX: "传真，以双方确认之日为准",
}


class ConsultationParty(enum.StrEnum):
    THIRD_PARTY = "third-party"  # Art. 32
    AGENCY = "agency"  # Art. 34

    @property
    def label_zh(self) -> str:
        return (
            "征求第三方意见（第三十二条）"
            if self is ConsultationParty.THIRD_PARTY
            else "征求其他机关意见（第三十四条）"
        )


@dataclass(frozen=True, slots=True)
class CorrectionRequested:
    """Art. 30: the one-time 补正 notice was sent on ``date``; ``period_end``: last day given to correct."""

    date: dt.date
    period_end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class CorrectionReceived:
    """Art. 30: the corrected application was received; the reply clock restarts from this day."""

    date: dt.date


@dataclass(frozen=True, slots=True)
class Consultation:
    """Arts. 32/34: consultation letter sent on ``date``, answer received on ``end`` (``None``: still open).

    The working days in ``(date, end]`` are not counted (Art. 33 ¶2)."""

    date: dt.date
    end: dt.date | None = None
    party: ConsultationParty = ConsultationParty.THIRD_PARTY


@dataclass(frozen=True, slots=True)
class Extension:
    """Art. 33: the single extension (≤ 20 working days), approved by the head of the disclosure office."""

    date: dt.date
    days: int = 20
    approved_by: str = ""


@dataclass(frozen=True, slots=True)
class FeeNotice:
    """109号: the applicant received the fee notice on ``date``."""

    date: dt.date
    amount: int | None = None


@dataclass(frozen=True, slots=True)
class FeePaid:
    date: dt.date


@dataclass(frozen=True, slots=True)
class LaterDeadline:
    """Art. 35: a reasoned later deadline set by the agency for an unreasonably large application."""

    date: dt.date
    due: dt.date
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Answered:
    """The reply (答复) was given on ``date``."""

    date: dt.date


Event = (
    CorrectionRequested
    | CorrectionReceived
    | Consultation
    | Extension
    | FeeNotice
    | FeePaid
    | LaterDeadline
    | Answered
)


class EventKind(enum.StrEnum):
    """The kind of an event as stored (the ledger's ``ApplicationEvent.kind``); see :func:`make_event`."""

    CORRECTION_REQUESTED = "correction_requested"
    CORRECTION_RECEIVED = "correction_received"
    CONSULTATION = "consultation"
    EXTENSION = "extension"
    FEE_NOTICE = "fee_notice"
    FEE_PAID = "fee_paid"
    LATER_DEADLINE = "later_deadline"
    ANSWERED = "answered"


def make_event(
    kind: EventKind | str,
    date: dt.date,
    *,
    end: dt.date | None = None,
    party: ConsultationParty | str | None = None,
    days: int | None = None,
    amount: int | None = None,
    approved_by: str = "",
    reason: str = "",
) -> Event:
    """The one mapping from a kind and its stored fields to an event. ``end``: the correction period's last
    day, the consultation's answer, or the Art. 35 later deadline (required for that kind); ``party``: whom a
    consultation asked (default a third party); ``days``: the extension (default 20)."""
    kind = EventKind(kind)
    if kind is EventKind.CORRECTION_REQUESTED:
        return CorrectionRequested(date, end)
    if kind is EventKind.CORRECTION_RECEIVED:
        return CorrectionReceived(date)
    if kind is EventKind.CONSULTATION:
        return Consultation(date, end, ConsultationParty(party or ConsultationParty.THIRD_PARTY))
    if kind is EventKind.EXTENSION:
        return Extension(date, 20 if days is None else days, approved_by)
    if kind is EventKind.FEE_NOTICE:
        return FeeNotice(date, amount)
    if kind is EventKind.FEE_PAID:
        return FeePaid(date)
    if kind is EventKind.LATER_DEADLINE:
        if end is None:
            raise ClockInputError("第三十五条延迟答复须写明延迟答复期限")
        return LaterDeadline(date, end, reason)
    return Answered(date)


@dataclass(frozen=True, slots=True)
class Application:
    """One application as stored: the receipt (Art. 31) and its events, in any order."""

    received: dt.date
    basis: ReceiptBasis = ReceiptBasis.IN_PERSON
    events: tuple[Event, ...] = ()


@dataclass(frozen=True, slots=True)
class ClockConfig:
    """Statutory periods, and the one point the sources leave open.

    ``fee_notice_pauses``: whether the time from the fee notice to payment is excluded from the Art. 33 reply
    period. 109号 as retrieved says the notice must go out within the reply period and payment is due
    within 20 working days from the day after it is received, but not whether that time is excluded:
    **unverified**,
    default ``True`` (the reading most practice guides give).
    """

    reply_days: int = 20
    max_extension_days: int = 20
    correction_notice_days: int = 7
    consultation_days: int = 15
    fee_payment_days: int = 20
    fee_notice_pauses: bool = True
    fee_notice_pauses_verified: bool = False


DEFAULT_CONFIG = ClockConfig()


@dataclass(frozen=True, slots=True)
class GroupedEvents:
    """The events of one application by kind, checked against each other (see :func:`group_events`)."""

    correction: CorrectionRequested | None
    corrected: CorrectionReceived | None
    consultations: tuple[Consultation, ...]
    extension: Extension | None
    fee_notice: FeeNotice | None
    fee_paid: FeePaid | None
    later: LaterDeadline | None
    answered: Answered | None


def _one(items: list[_T], message: str) -> _T | None:
    if len(items) > 1:
        raise ClockInputError(message)
    return items[0] if items else None


def group_events(app: Application, as_of: dt.date | None, config: ClockConfig) -> GroupedEvents:
    """Sort the events by kind (so their order does not matter) and reject contradictions."""
    corr: list[CorrectionRequested] = []
    corrected: list[CorrectionReceived] = []
    cons: list[Consultation] = []
    ext: list[Extension] = []
    notice: list[FeeNotice] = []
    paid: list[FeePaid] = []
    later: list[LaterDeadline] = []
    answered: list[Answered] = []
    received = app.received
    for e in app.events:
        if e.date < received:
            raise ClockInputError(f"事件日期 {e.date.isoformat()} 早于收到申请之日 {received.isoformat()}")
        if as_of is not None and e.date > as_of:
            continue
        if isinstance(e, Consultation):
            if e.end is not None and e.end < e.date:
                raise ClockInputError(f"征求意见结束日 {e.end.isoformat()} 早于发出日 {e.date.isoformat()}")
            cons.append(e)
        elif isinstance(e, Extension):
            if not 1 <= e.days <= config.max_extension_days:
                raise ClockInputError(
                    f"延长期限应为1至{config.max_extension_days}个工作日（第三十三条），而不是{e.days}个"
                )
            ext.append(e)
        elif isinstance(e, CorrectionRequested):
            if e.period_end is not None and e.period_end < e.date:
                raise ClockInputError("补正期限早于补正告知日期")
            corr.append(e)
        elif isinstance(e, CorrectionReceived):
            corrected.append(e)
        elif isinstance(e, FeeNotice):
            notice.append(e)
        elif isinstance(e, FeePaid):
            paid.append(e)
        elif isinstance(e, LaterDeadline):
            if e.due < e.date:
                raise ClockInputError("第三十五条延迟答复期限早于作出决定之日")
            later.append(e)
        else:
            answered.append(e)
    events = GroupedEvents(
        correction=_one(corr, "补正应当一次性告知（第三十条），不能有第二次补正告知"),
        corrected=_one(corrected, "只能有一次收到补正申请"),
        consultations=tuple(sorted(cons, key=lambda c: (c.date, c.end or dt.date.max, c.party))),
        extension=_one(ext, "答复期限只能延长一次（第三十三条）"),
        fee_notice=_one(notice, "收费通知只能有一次"),
        fee_paid=_one(paid, "缴费只能记录一次"),
        later=_one(later, "第三十五条延迟答复期限只能确定一次"),
        answered=_one(answered, "答复只能记录一次"),
    )
    if events.corrected is not None:
        if events.correction is None:
            raise ClockInputError("收到补正申请，但没有补正告知")
        if events.corrected.date < events.correction.date:
            raise ClockInputError("收到补正申请的日期早于补正告知日期")
    if events.fee_paid is not None:
        if events.fee_notice is None:
            raise ClockInputError("记录了缴费，但没有收费通知")
        if events.fee_paid.date < events.fee_notice.date:
            raise ClockInputError("缴费日期早于收到收费通知的日期")
    return events
