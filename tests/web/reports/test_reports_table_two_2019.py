"""表二 of a 2019-template year (2020) from the ledger: the catalogue counts plus the hand-entered figures — the
item counts, the signed 本年增/减, the decisions, 政府集中采购 with its unit — equal the hand-set values cell by
cell, pass the checker and render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.check import check_report
from gongkai.model.compare import compare_cells
from gongkai.renderers import render_report
from gongkai_web.agencies.models import Agency, User
from gongkai_web.disclosures.services import set_annual_figure
from gongkai_web.reports import services, tables
from gongkai_web.reports.layout import report_tables

pytestmark = pytest.mark.django_db

#: The 2020 表二 by hand: 规章 d2 (issued 2020-05-01, in force all year); 规范性文件 d7 (issued 2019, in force);
#: the rest as entered below. 行政许可 keeps the seed's 133 / -24 / 109, 行政处罚 its 71 / -14 / 85.
EXPECTED_2020_PROACTIVE: dict[str, dict[str, Any]] = {
    "rules": {"made": 1, "published": 1, "total_published": 1},
    "normative_documents": {"made": 0, "published": 0, "total_published": 1},
    "licensing": {"items_last_year": 133, "items_change": -24, "decisions": 109},
    "other_services": {"items_last_year": 12, "items_change": 0, "decisions": 40},
    "penalty": {"items_last_year": 71, "items_change": -14, "decisions": 85},
    "coercion": {"items_last_year": 5, "items_change": 1, "decisions": 3},
    "fees": {"items_last_year": 240, "items_change": 4},
    "procurement": {"projects": 16, "amount": 677.66, "amount_unit": "万元"},
}


def enter_2020(actor: User, agency: Agency) -> None:
    for row, cols in EXPECTED_2020_PROACTIVE.items():
        if row in ("rules", "normative_documents"):
            continue
        for col, value in cols.items():
            if col == "amount_unit":
                continue
            unit = cols.get("amount_unit", "") if col == "amount" else ""
            set_annual_figure(
                actor,
                agency,
                year=2020,
                key=f"{row}.{col}",
                value=Decimal(str(value)),
                source="权责清单及年度统计",
                unit=unit,
            )


def test_2020_table_two_equals_the_hand_set_values(
    agency: Agency, handler: User, ledger: dict[str, Any]
) -> None:
    enter_2020(handler, agency)
    set_annual_figure(  # a 2024 figure does not leak into 2020
        handler, agency, year=2024, key="licensing.decisions", value=Decimal(999), source="x"
    )
    report = tables.compute_report(agency, 2020)
    assert report.template == "2019"
    diff = compare_cells(report, {"proactive": EXPECTED_2020_PROACTIVE})
    assert diff.mismatches == []
    assert diff.total == 3 * 6 + 2 + 3  # every 2019 表二 cell, the unit included
    assert [
        cell for cell in report.iter_cells() if cell[0].startswith("proactive.") and cell[1] is None
    ] == []
    findings = check_report(report)
    assert [f.code for f in findings if f.severity == "error"] == []
    assert "T204" not in {f.code for f in findings}  # the procurement unit is stated
    html = render_report(report, "html").decode()
    for text in ("133", "-24", "109", "677.66", "万元", "240", "上一年项目数量", "政府集中采购"):
        assert text in html
    assert tables.compute_report(agency, 2024).proactive.licensing.decisions == 999
    # the web page's 表二 names the unit next to the amount
    cells = {c.path: c for row in report_tables(report)[0].rows for c in row.cells}
    assert cells["proactive.procurement.amount"].caption == "采购总金额（单位：万元）"
    assert cells["proactive.licensing.items_change"].value == -24


def test_without_a_unit_the_procurement_amount_is_not_guessed(agency: Agency, handler: User) -> None:
    """A 元 amount keeps its unit; a year with no entered figures leaves the cells blank (the checker says
    so) instead of inventing zeros."""
    set_annual_figure(
        handler,
        agency,
        year=2019,
        key="procurement.amount",
        value=Decimal("6776647.8"),
        source="x",
        unit="元",
    )
    report = tables.compute_report(agency, 2019)
    assert report.get("proactive.procurement.amount") == 6776647.8
    assert report.get("proactive.procurement.amount_unit") == "元"
    blank = tables.compute_report(agency, 2020)
    assert blank.get("proactive.licensing.items_change") is None
    assert blank.get("proactive.procurement.amount_unit") is None


def test_the_2020_draft_prefill_still_works(
    client: Client, agency: Agency, handler: User, ledger: dict[str, Any]
) -> None:
    enter_2020(handler, agency)
    report = tables.compute_report(agency, 2020)
    facts = services.year_facts(agency, 2020, report, None)
    text = services.prefill(facts)
    assert "制发规章1件" in text["overview"] and "2020年本机关未收取信息处理费" in text["other"]
    client.force_login(handler)
    page = client.get(reverse("reports:workspace", args=[agency.pk, 2020])).text
    assert "制发规章1件" in page and "采购总金额（单位：万元）" in page and "677.66" in page
