"""What a cell can hold: a number outside it (a count beyond 10⁹, an amount beyond 10⁹ 万元, more than 12
digits before the point, not finite) is a misread or a typing slip, never a value. Assembly leaves such a cell
blank and records what was printed there; rule F112 reports it."""

from __future__ import annotations

import math

MAX_COUNT = 10**9  # applications, documents, decisions, cases
MAX_AMOUNT_WAN = 10**9  # 万元
MAX_DIGITS = 12  # digits before the point, any cell
_AMOUNTS = ("proactive.procurement.amount", "proactive.fees.amount")


def implausible(path: str, value: float, unit: str | None = None) -> str | None:
    """Why ``value`` cannot be the cell at ``path`` (a short Chinese reason), or None if it can."""
    if isinstance(value, float) and math.isnan(value):
        return "不是数"
    if abs(value) >= 10**MAX_DIGITS:
        return f"超过{MAX_DIGITS}位数"
    if path in _AMOUNTS:
        # 采购总金额 without a unit is read as 元, the smaller unit, so only the absurd fails
        in_yuan = unit == "元" or (unit is None and path == "proactive.procurement.amount")
        wan = abs(value) / 10_000 if in_yuan else abs(value)
        return "金额超过10亿万元" if wan > MAX_AMOUNT_WAN else None
    return "数量超过10亿" if abs(value) > MAX_COUNT else None
