"""Indicators of a report (``spec/supervision.md`` §4), their change on the previous year, a region's
distribution of them, rankings and outlier flags.

Every indicator comes from 表三 (column 总计 unless a per-applicant share is asked) and 表四; "办结" is
三（七）总计. A rate is a fraction (0–1) with its numerator and denominator. It is undefined — ``None``, shown
"—", never 0 % — when its denominator is 0, and blank when any cell it needs is blank (never read as 0).
Rankings and the quartile flags use a rate only when its denominator reaches the configured minimum sample
(``catalog/supervision.yaml`` ``indicators.min_sample``); counts are always used.

Names and definitions shown to users live in ``catalog/supervision.yaml`` (:func:`indicator_label`,
:func:`indicator_definition`).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from gongkai import layout
from gongkai.catalog import load_supervision
from gongkai.model.report import APPLICANT_COLUMNS, Report
from gongkai.supervise.dataset import Entry, Record

Value = int | float | None

_REFUSED = layout.group("refused").rows
_UNABLE = layout.group("unable").rows
_NOT_PROCESSED = layout.group("not_processed").rows
_OTHER_SUB = layout.group(layout.OTHER_SUB).rows
SHARE_KEYS: tuple[str, ...] = tuple(f"{column}_share" for column in APPLICANT_COLUMNS)
RATE_KEYS: tuple[str, ...] = (
    *SHARE_KEYS,
    "disclosure_rate",
    "refusal_rate",
    "unable_rate",
    "not_held_share",
    "not_processed_rate",
    "carry_forward_rate",
    "review_correction_rate",
    "suit_correction_rate",
    "dispute_rate",
)
_RATES = frozenset(RATE_KEYS)
COUNT_KEYS: tuple[str, ...] = ("applications",)
INDICATOR_KEYS: tuple[str, ...] = (*COUNT_KEYS, *RATE_KEYS)


def indicator_label(key: str) -> str:
    """The indicator's Chinese name (``申请量``, ``实质公开率`` …)."""
    return str(load_supervision().indicators["definitions"][key]["label"])


def indicator_definition(key: str) -> str:
    """How the indicator is computed, in the report's own row names."""
    return str(load_supervision().indicators["definitions"][key]["definition"])


def is_rate(key: str) -> bool:
    return key in _RATES


@dataclass(frozen=True)
class IndicatorConfig:
    """``min_sample``: a rate is ranked and rated only with at least this many cases in its denominator;
    ``iqr_factor``: how far beyond the quartiles (in interquartile ranges) a rate is flagged."""

    min_sample: int = 30
    iqr_factor: float = 1.5

    @classmethod
    def default(cls, **changes: Any) -> IndicatorConfig:
        data = load_supervision().indicators
        return replace(cls(int(data["min_sample"]), float(data["iqr_factor"])), **changes)


class Indicator(NamedTuple):
    """One indicator of one report. For a rate ``value = numerator / denominator`` (0–1); for a count
    ``value`` is the count and ``numerator``/``denominator`` are None. ``value`` None: blank or undefined.
    (A named tuple: a region's page builds tens of thousands of them.)"""

    key: str
    value: Value
    numerator: Value = None
    denominator: Value = None

    @property
    def is_rate(self) -> bool:
        return is_rate(self.key)

    @property
    def label(self) -> str:
        return indicator_label(self.key)

    @property
    def undefined(self) -> bool:
        """A rate whose denominator is 0 (not a blank one)."""
        return self.is_rate and self.denominator == 0

    def sampled(self, config: IndicatorConfig) -> bool:
        """Whether the value may be ranked or rated: defined and, for a rate, enough cases."""
        if self.value is None:
            return False
        return self.key not in _RATES or (self.denominator or 0) >= config.min_sample

    def display(self) -> str:
        return format_value(self.key, self.value)

    def to_json(self) -> list[Value]:
        return [self.value, self.numerator, self.denominator]

    @classmethod
    def from_json(cls, key: str, data: list[Value]) -> Indicator:
        return cls(key, data[0], data[1], data[2])


def format_value(key: str, value: Value) -> str:
    """``—`` for a blank or undefined value, ``45.2%`` for a rate, the number for a count."""
    if value is None:
        return "—"
    if is_rate(key):
        return f"{value * 100:.1f}%"
    return f"{value:g}" if isinstance(value, float) else str(value)


def format_change(key: str, change: Value) -> str:
    """A count's change in 件, a rate's in percentage points; ``—`` when either year is blank."""
    if change is None:
        return "—"
    if is_rate(key):
        return f"{change * 100:+.1f}个百分点"
    return f"{change:+g}" if isinstance(change, float) else f"{change:+d}"


# ---- one report ------------------------------------------------------------------------------------------


def _data(report: Report | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(report, Report):
        return report.model_dump(mode="json", by_alias=True, exclude={"cells"})
    return report


def _sum(values: Iterable[Value]) -> Value:
    total: int | float = 0
    for v in values:
        if v is None:
            return None
        total += v
    return total


def _rate(key: str, numerator: Value, denominator: Value) -> Indicator:
    if numerator is None or denominator is None or denominator == 0:
        return Indicator(key, None, numerator, denominator)
    return Indicator(key, numerator / denominator, numerator, denominator)


def compute_indicators(report: Report | Mapping[str, Any]) -> dict[str, Indicator]:
    """Every indicator of §4 for one report (its model, or its JSON form), keyed as :data:`INDICATOR_KEYS`."""
    data = _data(report)
    requests: Mapping[str, Mapping[str, Value]] = data.get("requests") or {}
    appeals: Mapping[str, Mapping[str, Value]] = data.get("appeals") or {}

    def total(row: str) -> Value:
        return (requests.get(row) or {}).get("total")

    def appeal(group: str, column: str) -> Value:
        return (appeals.get(group) or {}).get(column)

    received = total("received")
    handled = total("total_handled")
    unable = _sum(total(r) for r in _UNABLE)
    out: dict[str, Indicator] = {"applications": Indicator("applications", received)}
    received_row = requests.get("received") or {}
    for column, key in zip(APPLICANT_COLUMNS, SHARE_KEYS, strict=True):
        out[key] = _rate(key, received_row.get(column), received)
    granted = _sum((total("granted"), total("partially_granted")))
    out["disclosure_rate"] = _rate("disclosure_rate", granted, handled)
    out["refusal_rate"] = _rate("refusal_rate", _sum(total(r) for r in _REFUSED), handled)
    out["unable_rate"] = _rate("unable_rate", unable, handled)
    out["not_held_share"] = _rate("not_held_share", total("unable_not_held"), unable)
    out["not_processed_rate"] = _rate("not_processed_rate", _sum(total(r) for r in _NOT_PROCESSED), handled)
    out["carry_forward_rate"] = _rate(
        "carry_forward_rate", total("carried_forward"), _sum((received, total("carried_over")))
    )
    review_decided = _difference(appeal("review", "total"), appeal("review", "pending"))
    out["review_correction_rate"] = _rate(
        "review_correction_rate", appeal("review", "corrected"), review_decided
    )
    suits = ("suit_direct", "suit_after_review")
    suits_decided = _difference(
        _sum(appeal(g, "total") for g in suits), _sum(appeal(g, "pending") for g in suits)
    )
    out["suit_correction_rate"] = _rate(
        "suit_correction_rate", _sum(appeal(g, "corrected") for g in suits), suits_decided
    )
    disputes = _sum((appeal("review", "total"), appeal("suit_direct", "total")))
    out["dispute_rate"] = _rate("dispute_rate", disputes, received)
    return out


def indicator_records(entry: Entry) -> Iterator[Record]:
    """The indicators of a dataset entry as rows of the researchers' table (an ``extra`` of
    :func:`gongkai.supervise.write_dataset`): ``record`` ``indicator``, ``key`` the indicator, ``label`` its
    Chinese name, ``value`` the figure (a rate as a fraction 0–1 to 10 decimal places, so that every format
    holds the same number; empty when undefined or blank, never 0) and ``message`` a rate's
    numerator/denominator (the exact figure), or why it has no value."""
    for key, ind in compute_indicators(entry.report).items():
        if ind.undefined:
            message = f"分母为0，{indicator_label(key)}无定义"
        elif ind.value is None:
            message = "所需单元格有空白，不计算"
        elif ind.is_rate:
            message = f"{_plain(ind.numerator)}/{_plain(ind.denominator)}"
        else:
            message = ""
        value = round(ind.value, 10) if ind.is_rate and ind.value is not None else ind.value
        yield Record("indicator", key, value, label=indicator_label(key), message=message)


def _plain(value: Value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _difference(a: Value, b: Value) -> Value:
    return None if a is None or b is None else a - b


#: The outcome mix of 表三: 三（一）…（六） (their sum is 三（七）办结) and 四、结转下年度.
OUTCOME_KEYS: tuple[str, ...] = (
    "granted",
    "partially_granted",
    "refused",
    "unable",
    "not_processed",
    "other",
    "carried_forward",
)


def outcome_label(key: str) -> str:
    """``予以公开``, ``不予公开``, ``结转下年度继续办理`` … (the official labels, note dropped)."""
    if key in ("refused", "unable", "not_processed"):
        return layout.group(key).label
    return layout.request_row(key).short


def outcome_mix(report: Report | Mapping[str, Any]) -> dict[str, Value]:
    """The counts of :data:`OUTCOME_KEYS` (column 总计); a category is blank when any of its rows is.
    （六）其他处理 is compared by its total across the 2019→2021 change: the one row where it is printed as
    one, else the sum of its three sub-rows."""
    requests: Mapping[str, Mapping[str, Value]] = _data(report).get("requests") or {}

    def total(row: str) -> Value:
        return (requests.get(row) or {}).get("total")

    other = total("other")
    if other is None and all(r in requests for r in _OTHER_SUB):
        other = _sum(total(r) for r in _OTHER_SUB)
    return {
        "granted": total("granted"),
        "partially_granted": total("partially_granted"),
        "refused": _sum(total(r) for r in _REFUSED),
        "unable": _sum(total(r) for r in _UNABLE),
        "not_processed": _sum(total(r) for r in _NOT_PROCESSED),
        "other": other,
        "carried_forward": total("carried_forward"),
    }


# ---- across years ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearOnYear:
    """An indicator with the previous year's value; ``change`` is current − previous (a rate's in
    fractions: × 100 for percentage points), None when either is blank or undefined."""

    key: str
    current: Indicator
    previous: Indicator | None

    @property
    def change(self) -> Value:
        if self.previous is None or self.current.value is None or self.previous.value is None:
            return None
        return self.current.value - self.previous.value

    @property
    def label(self) -> str:
        return indicator_label(self.key)


def compare_years(
    current: Mapping[str, Indicator], previous: Mapping[str, Indicator] | None
) -> tuple[YearOnYear, ...]:
    """Each indicator of ``current`` beside the previous year's (``previous`` None: no report that year)."""
    return tuple(
        YearOnYear(key, current[key], None if previous is None else previous.get(key))
        for key in INDICATOR_KEYS
        if key in current
    )


# ---- a region ------------------------------------------------------------------------------------------


def _sampled(rows: Mapping[str, Mapping[str, Indicator]], key: str, config: IndicatorConfig) -> list[float]:
    """The values of ``key`` that may be ranked and rated (:meth:`Indicator.sampled`, inlined: a region's
    page runs this over every agency for every rate)."""
    floor = config.min_sample if key in _RATES else 0
    found = [indicators.get(key) for indicators in rows.values()]
    return [
        float(ind.value)
        for ind in found
        if ind is not None and ind.value is not None and (floor == 0 or (ind.denominator or 0) >= floor)
    ]


@dataclass(frozen=True)
class Distribution:
    """An indicator over a region's agencies: ``n`` values used (defined and sampled), ``left_out`` the
    agencies whose value is blank, undefined or below the minimum sample. Quartiles are inclusive."""

    key: str
    n: int
    left_out: int
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float

    @property
    def iqr(self) -> float:
        return self.q3 - self.q1

    def fences(self, factor: float) -> tuple[float, float]:
        return self.q1 - factor * self.iqr, self.q3 + factor * self.iqr


def region_distribution(
    rows: Mapping[str, Mapping[str, Indicator]], key: str, config: IndicatorConfig | None = None
) -> Distribution | None:
    """The median and quartiles of ``key`` over ``rows`` (agency → its indicators); None without a value."""
    config = config or IndicatorConfig.default()
    values = sorted(_sampled(rows, key, config))
    if not values:
        return None
    if len(values) == 1:
        q1 = median = q3 = values[0]
    else:
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Distribution(key, len(values), len(rows) - len(values), values[0], q1, median, q3, values[-1])


@dataclass(frozen=True)
class Ranked:
    agency: str
    rank: int  # 1 = highest; equal values share a rank
    indicator: Indicator


@dataclass(frozen=True)
class Ranking:
    """``ranked`` highest first; ``left_out`` the agencies not ranked, each with the reason in Chinese."""

    key: str
    ranked: tuple[Ranked, ...]
    left_out: tuple[tuple[str, str], ...]


def _reason(indicator: Indicator | None, config: IndicatorConfig) -> str:
    if indicator is None or (indicator.value is None and not indicator.undefined):
        return "报告中相关单元格空白，无法计算"
    if indicator.undefined:
        return "分母为0，比率无定义"
    return f"分母仅{indicator.denominator:g}件，未达到排名所需的最少{config.min_sample}件"


def rank(
    rows: Mapping[str, Mapping[str, Indicator]], key: str, config: IndicatorConfig | None = None
) -> Ranking:
    """Agencies by ``key``, highest first, only those whose value is defined and sampled."""
    config = config or IndicatorConfig.default()
    used: list[tuple[str, Indicator]] = []
    left_out: list[tuple[str, str]] = []
    floor = config.min_sample if key in _RATES else None
    for agency, indicators in rows.items():
        ind = indicators.get(key)
        if ind is not None and ind.value is not None and (floor is None or (ind.denominator or 0) >= floor):
            used.append((agency, ind))
        else:
            left_out.append((agency, _reason(ind, config)))
    used.sort(key=lambda item: (-(item[1].value or 0), item[0]))
    ranked: list[Ranked] = []
    for i, (agency, ind) in enumerate(used):
        same = ranked and ranked[-1].indicator.value == ind.value
        ranked.append(Ranked(agency, ranked[-1].rank if same else i + 1, ind))
    return Ranking(key, tuple(ranked), tuple(left_out))


# ---- outliers ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outlier:
    """A figure worth a supervisor's look, with why in Chinese. ``code``: ``partial_exceeds_received``,
    ``appeals_without_applications`` or ``beyond_quartiles``; ``key`` the indicator concerned."""

    agency: str
    code: str
    key: str
    message: str


def report_outliers(agency: str, report: Report | Mapping[str, Any]) -> list[Outlier]:
    """The flags one report raises by itself: 部分公开 > 本年新收; 复议/诉讼 without any application."""
    data = _data(report)
    requests = data.get("requests") or {}
    appeals = data.get("appeals") or {}
    received = (requests.get("received") or {}).get("total")
    partial = (requests.get("partially_granted") or {}).get("total")
    out: list[Outlier] = []
    if received is not None and partial is not None and partial > received:
        out.append(
            Outlier(
                agency,
                "partial_exceeds_received",
                "applications",
                f"三（二）部分公开{partial:g}件，多于一、本年新收{received:g}件"
                "（上年结转的申请也可能在本年办结，请核对表三）",
            )
        )
    cases = {g: (appeals.get(g) or {}).get("total") for g in ("review", "suit_direct", "suit_after_review")}
    if received == 0 and any(v for v in cases.values()):
        review, direct, after = (cases[g] or 0 for g in ("review", "suit_direct", "suit_after_review"))
        out.append(
            Outlier(
                agency,
                "appeals_without_applications",
                "dispute_rate",
                f"本年新收政府信息公开申请为0件，但有行政复议{review:g}件、行政诉讼{direct + after:g}件"
                "（复议、诉讼也可能针对往年申请，请核对表三、表四）",
            )
        )
    return out


def quartile_outliers(
    rows: Mapping[str, Mapping[str, Indicator]],
    config: IndicatorConfig | None = None,
    distributions: Mapping[str, Distribution | None] | None = None,
) -> list[Outlier]:
    """Each sampled rate beyond the region's quartiles by ``config.iqr_factor`` interquartile ranges
    (``distributions``: the rates' :func:`region_distribution` over ``rows``, when the caller has them)."""
    config = config or IndicatorConfig.default()
    out: list[Outlier] = []
    for key in RATE_KEYS:
        dist = distributions[key] if distributions is not None else region_distribution(rows, key, config)
        if dist is None or dist.n < 4:
            continue  # quartiles of fewer than four values say nothing
        low, high = dist.fences(config.iqr_factor)
        for agency, indicators in rows.items():
            ind = indicators.get(key)
            # sampled (:meth:`Indicator.sampled` of a rate, inlined: hot loop) and beyond a fence
            if ind is None or ind.value is None or (ind.denominator or 0) < config.min_sample:
                continue
            if ind.value < low or ind.value > high:
                side, quartile, fence = (
                    ("低于", f"下四分位数{format_value(key, dist.q1)}", low)
                    if ind.value < low
                    else ("高于", f"上四分位数{format_value(key, dist.q3)}", high)
                )
                out.append(
                    Outlier(
                        agency,
                        "beyond_quartiles",
                        key,
                        f"{indicator_label(key)}{ind.display()}，{side}本地区{quartile}"
                        f"{'减' if side == '低于' else '加'}{config.iqr_factor:g}倍四分位距"
                        f"（界限{format_value(key, fence)}；本地区{dist.n}个机构，中位数"
                        f"{format_value(key, dist.median)}）",
                    )
                )
    return out
