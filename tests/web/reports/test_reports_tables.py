"""The tables computed from the hand-built ledger (see ``conftest``) equal the hand count, cell by cell, and
the checker finds no error in them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from report_ledger import EXPECTED_2023_REQUESTS, EXPECTED_2024, row

from gongkai.check import check_report
from gongkai.model.compare import compare_cells
from gongkai_web.agencies.models import Agency
from gongkai_web.disclosures.services import count_documents
from gongkai_web.reports import tables

pytestmark = pytest.mark.django_db


def test_2024_equals_the_hand_count_cell_by_cell(agency: Agency, ledger: dict[str, Any]) -> None:
    report = tables.compute_report(agency, 2024)
    assert report.template == "2021"
    diff = compare_cells(report, EXPECTED_2024)
    assert diff.mismatches == []
    assert diff.total == 26 * 7 + 15 + 10  # every 表三 cell (incl. the blank hybrid row), 表四, 表二
    assert [f.code for f in check_report(report) if f.severity == "error"] == []


def test_identities_hold_per_column(agency: Agency, ledger: dict[str, Any]) -> None:
    req = tables.compute_report(agency, 2024).requests
    for col in (*tables.APPLICANT_COLUMNS, "total"):
        left = getattr(req.received, col) + getattr(req.carried_over, col)
        assert left == getattr(req.total_handled, col) + getattr(req.carried_forward, col)


def test_carry_over_chains_across_years(agency: Agency, ledger: dict[str, Any]) -> None:
    r2022 = tables.compute_report(agency, 2022)
    r2023 = tables.compute_report(agency, 2023)
    r2024 = tables.compute_report(agency, 2024)
    assert r2022.template == "2021" and r2022.requests.carried_forward.model_dump() == row(res=1)
    assert compare_cells(r2023, {"requests": EXPECTED_2023_REQUESTS}).mismatches == []
    assert r2023.requests.carried_over == r2022.requests.carried_forward
    assert r2024.requests.carried_over == r2023.requests.carried_forward
    # the cross-year rules agree
    assert [f.code for f in check_report(r2024, previous=r2023) if f.severity != "info"] == []
    # a5, received 2023-10-10 and answered 2025-01-10, is carried over into 2024 and forward out of it
    assert r2024.requests.carried_over.legal_services == r2024.requests.carried_forward.legal_services == 1


def test_the_2019_template_folds_the_three_other_rows(agency: Agency, ledger: dict[str, Any]) -> None:
    from report_ledger import _app

    D = dt.date
    _app(
        agency,
        "C1",
        "natural_person",
        D(2020, 3, 1),
        status="withdrawn",
        outcome="other_misc",
        closed_on=D(2020, 3, 5),
    )
    _app(
        agency,
        "C2",
        "natural_person",
        D(2020, 4, 1),
        status="closed",
        outcome="other_no_correction",
        closed_on=D(2020, 5, 5),
    )
    _app(agency, "C3", "natural_person", D(2020, 4, 1), outcome="granted", decided_on=D(2020, 4, 9))  # fmt: skip
    report = tables.compute_report(agency, 2020)
    assert report.template == "2019"
    assert report.requests.other.natural_person == 2
    assert report.requests.granted.total == 1 and report.requests.total_handled.total == 3
    assert report.proactive.rules.model_dump() == {"made": 1, "published": 1, "total_published": 1}  # d2
    assert [f.code for f in check_report(report) if f.severity == "error"] == []


def test_documents_agree_with_the_ledger_s_own_count(agency: Agency, ledger: dict[str, Any]) -> None:
    ours = tables.document_table(agency, 2024, "2021")
    theirs = count_documents(agency, 2024)
    assert {k: vars(v) for k, v in theirs.items()} == ours


def test_fees_charged_in_the_year(agency: Agency, ledger: dict[str, Any]) -> None:
    fees = tables.fees_charged(agency, 2024)
    assert (fees.count, fees.amount, str(fees.amount_wan)) == (1, 1200, "0.12")
    assert tables.fees_charged(agency, 2023).amount == 100
    assert [a.tracking_code for a in tables.cell_records(agency, 2024, "fees").queryset] == ["B08"]


@pytest.mark.parametrize(
    ("path", "codes"),
    [
        ("requests.carried_over.total", ["A5", "A2", "A3"]),
        ("requests.received.commercial", ["B04", "B08"]),
        ("requests.other_no_correction.natural_person", ["A3", "B06"]),
        ("requests.carried_forward.total", ["A5", "B09"]),
        ("requests.not_processed_repeated.other_org", ["B10"]),
    ],
)
def test_drill_down_lists_the_records_behind_a_number(
    agency: Agency, ledger: dict[str, Any], path: str, codes: list[str]
) -> None:
    records = tables.cell_records(agency, 2024, path)
    assert records.kind == "applications"
    assert [a.tracking_code for a in records.queryset] == codes
    assert len(codes) == tables.compute_report(agency, 2024).get(path)


def test_drill_down_for_appeals_and_documents(agency: Agency, ledger: dict[str, Any]) -> None:
    pending = tables.cell_records(agency, 2024, "appeals.review.pending").queryset
    assert list(pending) == [ledger["r2"]]
    assert tables.cell_records(agency, 2024, "appeals.review.total").queryset.count() == 3
    in_force = tables.cell_records(agency, 2024, "proactive.normative_documents.in_force").queryset
    assert {d.pk for d in in_force} == {ledger[k].pk for k in ("d3", "d4", "d5", "d7")}
    with pytest.raises(KeyError):
        tables.cell_records(agency, 2024, "proactive.licensing.decisions")
    with pytest.raises(KeyError):
        tables.cell_records(agency, 2024, "requests.nonsense.total")


def test_a_report_is_a_handful_of_queries(agency: Agency, ledger: dict[str, Any]) -> None:
    with CaptureQueriesContext(connection) as ctx:
        tables.compute_report(agency, 2024)
    assert len(ctx.captured_queries) == 5  # 表三 (one pass), 表四, 表二 ×2, entered figures
