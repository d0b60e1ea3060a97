"""Year-end boundaries of the annual report: records dated 31 December and 1 January fall in the year their
date is in, for every date comparison of :mod:`gongkai_web.reports.tables` (received, ended, filed, decided,
issued, repealed, paid). Each count below is by hand from the dates; the comments name the records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from report_ledger import _app, _event, row

from gongkai.model.compare import compare_cells
from gongkai_web.agencies.models import Agency
from gongkai_web.appeals.models import Appeal
from gongkai_web.reports import tables
from web.factories import DisclosureFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def year_end(agency: Agency) -> dict[str, Any]:
    r: dict[str, Any] = {}
    granted = {"outcome": "granted"}
    # -- applications (自然人): received / answered on either side of New Year
    r["e1"] = _app(agency, "E1", "natural_person", D(2023, 12, 31), decided_on=D(2024, 1, 1), **granted)
    r["e2"] = _app(agency, "E2", "natural_person", D(2024, 1, 1), decided_on=D(2024, 12, 31), **granted)
    r["e3"] = _app(agency, "E3", "natural_person", D(2024, 12, 31), decided_on=D(2025, 1, 1), **granted)
    r["e4"] = _app(agency, "E4", "natural_person", D(2023, 12, 20), decided_on=D(2023, 12, 31), **granted)
    r["e5"] = _app(agency, "E5", "natural_person", D(2025, 1, 1))
    r["e6"] = _app(agency, "E6", "natural_person", D(2024, 12, 31), decided_on=D(2024, 12, 31), **granted)
    # withdrawn (ended by its closing date) on 31 December / 1 January
    r["e7"] = _app(agency, "E7", "commercial", D(2024, 12, 2), status="withdrawn", outcome="other_misc",
                   closed_on=D(2024, 12, 31))  # fmt: skip
    r["e8"] = _app(agency, "E8", "commercial", D(2024, 12, 2), status="withdrawn", outcome="other_misc",
                   closed_on=D(2025, 1, 1))  # fmt: skip
    # -- fees paid on 1 January 2024, 31 December 2024, 1 January 2025
    for app, paid, amount in ((r["e1"], D(2024, 1, 1), 40), (r["e2"], D(2024, 12, 31), 100),
                              (r["e3"], D(2025, 1, 1), 200)):  # fmt: skip
        _event(app, "fee_notice", paid - dt.timedelta(days=5), amount=amount)
        _event(app, "fee_paid", paid)
    # -- 表四 (复议)
    appeal = Appeal.objects.create
    common = {"application": r["e1"], "agency": agency, "kind": "review", "body": "测试市人民政府"}
    r["p1"] = appeal(
        **common, filed_on=D(2023, 12, 31), stage="decided", outcome="upheld", decided_on=D(2024, 1, 1)
    )
    r["p2"] = appeal(**common, filed_on=D(2024, 1, 1), stage="decided", outcome="corrected",
                     decided_on=D(2024, 12, 31))  # fmt: skip
    r["p3"] = appeal(**common, filed_on=D(2024, 12, 31), stage="decided", outcome="corrected",
                     decided_on=D(2025, 1, 1))  # fmt: skip
    r["p4"] = appeal(
        **common, filed_on=D(2023, 6, 1), stage="decided", outcome="upheld", decided_on=D(2023, 12, 31)
    )
    r["p5"] = appeal(**common, filed_on=D(2025, 1, 1))
    r["p6"] = appeal(
        **common, filed_on=D(2023, 11, 1), stage="decided", outcome="other", decided_on=D(2024, 12, 31)
    )

    # -- 表二 (规范性文件)
    def d(issued: dt.date, **kw: Any) -> Any:
        return DisclosureFactory(agency=agency, year=issued.year, issued_on=issued, is_normative=True, **kw)

    r["d1"] = d(D(2024, 12, 31))
    r["d2"] = d(D(2025, 1, 1))
    r["d3"] = d(D(2020, 1, 1), validity="repealed", validity_changed_on=D(2024, 12, 31))
    r["d4"] = d(D(2020, 1, 1), validity="repealed", validity_changed_on=D(2025, 1, 1))
    r["d5"] = d(D(2020, 1, 1), validity="repealed", validity_changed_on=D(2024, 1, 1))
    r["d6"] = d(D(2024, 1, 1))
    r["d7"] = d(D(2023, 12, 31))
    r["d8"] = d(D(2020, 1, 1), validity="repealed", validity_changed_on=D(2023, 12, 31))
    return r


def test_applications_on_either_side_of_new_year(agency: Agency, year_end: dict[str, Any]) -> None:
    report = tables.compute_report(agency, 2024)
    expected = {
        "received": row(
            np=3, com=2
        ),  # E2 (1 Jan), E3 and E6 (31 Dec); E7 E8; not E1 (2023-12-31) nor E5 (2025)
        "carried_over": row(np=1),  # E1 (received 31 Dec 2023, open on 1 Jan); not E4 (answered 31 Dec 2023)
        "granted": row(np=3),  # E1 (answered 1 Jan), E2 and E6 (answered 31 Dec); not E3 (1 Jan 2025)
        "other_misc": row(com=1),  # E7 (withdrawn 31 Dec); not E8 (withdrawn 1 Jan 2025)
        "total_handled": row(np=3, com=1),
        "carried_forward": row(np=1, com=1),  # E3 (received 31 Dec, answered 2025), E8
    }
    assert compare_cells(report, {"requests": expected}).mismatches == []
    last = tables.compute_report(agency, 2023).requests
    assert (last.received.total, last.granted.total, last.carried_forward.total) == (2, 1, 1)  # E1 E4; E4; E1


def test_appeals_on_either_side_of_new_year(agency: Agency, year_end: dict[str, Any]) -> None:
    review = tables.appeal_table(agency, 2024)["review"]
    # P1 (filed 2023, decided 1 Jan): upheld; P2 (decided 31 Dec): corrected; P6 (filed 2023, decided 31 Dec):
    # other; P3 (filed 31 Dec, decided 2025): pending. Not P4 (decided 31 Dec 2023) nor P5 (filed 2025).
    assert review == {"upheld": 1, "corrected": 1, "other": 1, "pending": 1, "total": 4}


def test_documents_on_either_side_of_new_year(agency: Agency, year_end: dict[str, Any]) -> None:
    table = tables.document_table(agency, 2024, "2021")["normative_documents"]
    # issued: D6 (1 Jan), D1 (31 Dec); repealed: D5 (1 Jan), D3 (31 Dec); in force on 31 Dec: D1 D6 D7 and D4
    # (repealed only on 1 Jan 2025) — not D3, repealed on 31 December itself, nor D2 (issued 2025).
    assert table == {"issued": 2, "repealed": 2, "in_force": 4}


def test_fees_paid_on_either_side_of_new_year(agency: Agency, year_end: dict[str, Any]) -> None:
    fees = tables.fees_charged(agency, 2024)
    assert (fees.count, fees.amount) == (2, 140)  # paid 1 Jan (40) and 31 Dec (100); not 1 Jan 2025 (200)
    assert sorted(a.tracking_code for a in tables.fee_applications(agency, 2024)) == ["E1", "E2"]
