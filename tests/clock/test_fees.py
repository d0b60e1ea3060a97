"""信息处理费 (国办函〔2020〕109号 Arts. 4–5)."""

from __future__ import annotations

import pytest

from gongkai.clock import FeeMethod, compute_item_fee, compute_page_fee
from gongkai.clock.fees import FeeBand


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


# ---- the bands and the rule text, counted by hand (mutation testing found the figures above coincide) ----


def test_item_fee_bands_and_rule_after_earlier_items() -> None:
    fee = compute_item_fee(5, already_this_month=8)  # the 9th–13th 件 of the month
    assert fee.method is FeeMethod.BY_ITEM
    assert fee.bands == (FeeBand(9, 10, 0, 0), FeeBand(11, 13, 100, 300))
    assert fee.rule == (
        "本月此前已申请8件；按件计收（109号第四条，同一申请人一个自然月内累计，超额累进）："
        "第9至10件免费；第11至13件每件100元，3件计300元；合计300元"
    )


@pytest.mark.parametrize(
    ("items", "already", "bands"),
    [
        (1, 9, [(10, 10, 0, 0)]),  # the 10th 件 is the last free one
        (2, 9, [(10, 10, 0, 0), (11, 11, 100, 100)]),  # … and the 11th is charged
        (2, 34, [(35, 36, 200, 400)]),  # inside the 31–40 band: 200 元 each
        (10, 35, [(36, 40, 200, 1000), (41, 45, 300, 1500)]),  # across the 40/41 edge
        (0, 0, []),
    ],
)
def test_item_fee_starting_inside_a_band(items: int, already: int, bands: list[tuple[int, ...]]) -> None:
    fee = compute_item_fee(items, already)
    assert fee.bands == tuple(FeeBand(*b) for b in bands)
    assert fee.amount == sum(b[3] for b in bands)


def test_single_unit_band_and_no_unit_are_described() -> None:
    assert "：第10件免费；合计0元" in compute_item_fee(1, 9).rule
    assert (
        compute_item_fee(0).rule
        == "按件计收（109号第四条，同一申请人一个自然月内累计，超额累进）：0件；合计0元"
    )


def test_page_fee_bands_and_rule() -> None:
    fee = compute_page_fee(201)
    assert fee.method is FeeMethod.BY_PAGE
    assert fee.bands == (
        FeeBand(1, 30, 0, 0),
        FeeBand(31, 100, 10, 700),
        FeeBand(101, 200, 20, 2000),
        FeeBand(201, 201, 40, 40),
    )
    assert fee.rule == (
        "按量计收（109号第五条，每件申请，超额累进）：第1至30页免费；第31至100页每页10元，70页计700元；"
        "第101至200页每页20元，100页计2000元；第201页每页40元，1页计40元；合计2740元"
    )
    assert compute_page_fee(10**6).bands[-1] == FeeBand(201, 10**6, 40, 40 * (10**6 - 200))


def test_negative_counts_are_rejected_with_the_reason() -> None:
    with pytest.raises(ValueError, match=r"^页数不能为负$"):
        compute_page_fee(-1)
    with pytest.raises(ValueError, match=r"^件数不能为负$"):
        compute_item_fee(-1)
    with pytest.raises(ValueError, match=r"^件数不能为负$"):
        compute_item_fee(1, already_this_month=-1)
