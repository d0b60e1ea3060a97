"""One mapping from an event's stored kind and fields to the core's event (used by the CLI and the ledger)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.cli.deadline import parse_event
from gongkai.clock import (
    Answered,
    ClockInputError,
    Consultation,
    ConsultationParty,
    CorrectionReceived,
    CorrectionRequested,
    EventKind,
    Extension,
    FeeNotice,
    FeePaid,
    LaterDeadline,
    make_event,
)

D = dt.date


def test_every_kind_builds_its_event() -> None:
    day, end = D(2024, 10, 8), D(2024, 10, 20)
    assert make_event("correction_requested", day, end=end) == CorrectionRequested(day, end)
    assert make_event(EventKind.CORRECTION_RECEIVED, day) == CorrectionReceived(day)
    assert make_event("consultation", day) == Consultation(day, None, ConsultationParty.THIRD_PARTY)
    assert make_event("consultation", day, end=end, party="agency") == Consultation(
        day, end, ConsultationParty.AGENCY
    )
    assert make_event("extension", day) == Extension(day, 20)
    assert make_event("extension", day, days=5, approved_by="王主任", reason="x") == Extension(
        day, 5, "王主任"
    )
    assert make_event("fee_notice", day, amount=300) == FeeNotice(day, 300)
    assert make_event("fee_paid", day) == FeePaid(day)
    assert make_event("later_deadline", day, end=end, reason="数量巨大") == LaterDeadline(
        day, end, "数量巨大"
    )
    assert make_event("answered", day) == Answered(day)
    assert {type(make_event(k, day, end=end)) for k in EventKind} == {
        CorrectionRequested,
        CorrectionReceived,
        Consultation,
        Extension,
        FeeNotice,
        FeePaid,
        LaterDeadline,
        Answered,
    }


def test_a_later_deadline_needs_its_date_and_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ClockInputError, match="延迟答复期限"):
        make_event("later_deadline", D(2024, 10, 8))
    with pytest.raises(ValueError):
        make_event("appeal", D(2024, 10, 8))


@pytest.mark.parametrize(
    ("spec", "event"),
    [
        ("correction-requested:2024-10-08:2024-10-20", CorrectionRequested(D(2024, 10, 8), D(2024, 10, 20))),
        ("consultation:2024-10-08:", Consultation(D(2024, 10, 8))),
        ("agency-consultation:2024-10-08", Consultation(D(2024, 10, 8), None, ConsultationParty.AGENCY)),
        ("extended:2024-10-08:10:王主任", Extension(D(2024, 10, 8), 10, "王主任")),
        ("fee-notice:2024-10-08:300", FeeNotice(D(2024, 10, 8), 300)),
        ("later-deadline:2024-10-08:2024-12-31:量大", LaterDeadline(D(2024, 10, 8), D(2024, 12, 31), "量大")),
        ("answered:2024-10-08", Answered(D(2024, 10, 8))),
    ],
)
def test_the_command_line_names_map_onto_the_same_events(spec: str, event: object) -> None:
    assert parse_event(spec) == event
