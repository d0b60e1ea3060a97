"""信息处理费 under 国办函〔2020〕109号 Arts. 3–5: pure functions returning the amount and the rule applied.

- 按件计收 (Art. 4), per applicant per natural month, cumulative: 1–10 件 free; 11–30 件 100 元/件;
  then bands of 10 件, each band +100 元/件 (31–40 → 200, 41–50 → 300, …).
- 按量计收 (Art. 5), per application: 1–30 页 free; 31–100 页 10 元/页; 101–200 页 20 元/页; 201 页 and more
  40 元/页.

Both are 超额累进: each unit is priced by the band it falls in. One application is charged by one method only.
Amounts are whole 元.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["FeeBand", "FeeMethod", "FeeResult", "compute_item_fee", "compute_page_fee"]


class FeeMethod(enum.StrEnum):
    BY_ITEM = "by_item"  # 按件计收
    BY_PAGE = "by_page"  # 按量计收

    @property
    def label_zh(self) -> str:
        return "按件计收" if self is FeeMethod.BY_ITEM else "按量计收"


@dataclass(frozen=True, slots=True)
class FeeBand:
    first: int  # first unit of the band charged here (1-based, inclusive)
    last: int  # last unit (inclusive)
    unit_price: int  # 元 per unit
    amount: int

    @property
    def units(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True, slots=True)
class FeeResult:
    method: FeeMethod
    amount: int  # 元
    bands: tuple[FeeBand, ...]  # only the bands that were reached, including the free one
    rule: str  # the rule applied, in Chinese (basis and the calculation)


def _item_price(n: int) -> int:
    """元 per 件 for the ``n``-th 件 of the month."""
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 100 * (2 + (n - 31) // 10)


def _page_price(n: int) -> int:
    if n <= 30:
        return 0
    if n <= 100:
        return 10
    if n <= 200:
        return 20
    return 40


def _item_band(n: int) -> tuple[int, int]:
    if n <= 10:
        return 1, 10
    if n <= 30:
        return 11, 30
    first = 31 + (n - 31) // 10 * 10
    return first, first + 9


def _page_band(n: int) -> tuple[int, int]:
    if n <= 30:
        return 1, 30
    if n <= 100:
        return 31, 100
    if n <= 200:
        return 101, 200
    return 201, 10**12


def _progressive(first: int, last: int, *, by_item: bool) -> list[FeeBand]:
    """Split the units ``first..last`` into their tariff bands."""
    out: list[FeeBand] = []
    n = first
    while n <= last:
        _, hi = _item_band(n) if by_item else _page_band(n)
        end = min(hi, last)
        price = _item_price(n) if by_item else _page_price(n)
        out.append(FeeBand(n, end, price, price * (end - n + 1)))
        n = end + 1
    return out


def _describe(method: FeeMethod, bands: list[FeeBand], unit: str, basis: str) -> str:
    parts = []
    for b in bands:
        span = f"第{b.first}{unit}" if b.first == b.last else f"第{b.first}至{b.last}{unit}"
        if b.unit_price == 0:
            parts.append(f"{span}免费")
        else:
            parts.append(f"{span}每{unit}{b.unit_price}元，{b.units}{unit}计{b.amount}元")
    total = sum(b.amount for b in bands)
    body = "；".join(parts) if parts else f"0{unit}"
    return f"{method.label_zh}（{basis}，超额累进）：{body}；合计{total}元"


def compute_item_fee(items: int, already_this_month: int = 0) -> FeeResult:
    """按件: the fee for ``items`` 件 of one applicant, after ``already_this_month`` 件 in the same month."""
    if items < 0 or already_this_month < 0:
        raise ValueError("件数不能为负")
    bands = _progressive(already_this_month + 1, already_this_month + items, by_item=True)
    rule = _describe(FeeMethod.BY_ITEM, bands, "件", "109号第四条，同一申请人一个自然月内累计")
    if already_this_month:
        rule = f"本月此前已申请{already_this_month}件；{rule}"
    return FeeResult(FeeMethod.BY_ITEM, sum(b.amount for b in bands), tuple(bands), rule)


def compute_page_fee(pages: int) -> FeeResult:
    """按量: the fee for one application of ``pages`` pages (2,219 → 700 + 2,000 + 80,760 = 83,460 元)."""
    if pages < 0:
        raise ValueError("页数不能为负")
    bands = _progressive(1, pages, by_item=False)
    rule = _describe(FeeMethod.BY_PAGE, bands, "页", "109号第五条，每件申请")
    return FeeResult(FeeMethod.BY_PAGE, sum(b.amount for b in bands), tuple(bands), rule)
