"""信息处理费 (国办函〔2020〕109号 Arts. 4–5)."""

from __future__ import annotations

import pytest

from gongkai.clock import FeeMethod, compute_item_fee, compute_page_fee


def test_page_fee_real_case_xian_2025() -> None:
    fee = compute_page_fee(2219)
    assert fee.amount == 83460
    assert [b.amount for b in fee.bands] == [0, 700, 2000, 80760]
    assert fee.method is FeeMethod.BY_PAGE
    assert "109号第五条" in fee.rule and fee.rule.endswith("合计83460元")


@pytest.mark.parametrize(
    ("pages", "amount"), [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)]
)
def test_page_fee_band_edges(pages: int, amount: int) -> None:
    assert compute_page_fee(pages).amount == amount


@pytest.mark.parametrize(
    ("items", "amount"),
    [(10, 0), (11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300), (50, 7000), (51, 7400)],
)
def test_item_fee_band_edges(items: int, amount: int) -> None:
    assert compute_item_fee(items).amount == amount


def test_item_fee_is_cumulative_in_the_month() -> None:
    # 8 件 earlier this month: the new 5 件 are the 9th–13th: 2 free, 3 at 100 元.
    fee = compute_item_fee(5, already_this_month=8)
    assert fee.amount == 300
    assert fee.rule.startswith("本月此前已申请8件；按件计收")
    assert compute_item_fee(5, 8).amount + compute_item_fee(8).amount == compute_item_fee(13).amount


def test_negative_counts_are_rejected() -> None:
    with pytest.raises(ValueError):
        compute_page_fee(-1)
