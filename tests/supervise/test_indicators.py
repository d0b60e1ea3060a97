"""The indicators of spec supervision.md §4 on a real report, computed by hand from the cells it prints; a rate
with a zero denominator is undefined (—), a blank propagates; distributions, rankings and outlier flags on a
small region whose quartiles are worked out below."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai import read_report
from gongkai.supervise import (
    INDICATOR_KEYS,
    OUTCOME_KEYS,
    Indicator,
    IndicatorConfig,
    compare_years,
    compute_indicators,
    format_change,
    format_value,
    indicator_label,
    outcome_label,
    outcome_mix,
    quartile_outliers,
    rank,
    region_distribution,
    report_outliers,
)

REPORTS = Path(__file__).parents[1] / "fixtures" / "reports" / "2021"


@pytest.fixture(scope="module")
def pingtan_2024() -> dict[str, Indicator]:
    return compute_indicators(read_report(REPORTS / "2024-pingtan-crawled.txt").report)


@pytest.fixture(scope="module")
def pingtan_2023() -> dict[str, Indicator]:
    return compute_indicators(read_report(REPORTS / "2023-pingtan-crawled.txt").report)


def test_every_indicator_of_the_spec_is_computed_and_named(pingtan_2024: dict[str, Indicator]) -> None:
    assert tuple(pingtan_2024) == INDICATOR_KEYS
    assert [indicator_label(k) for k in ("applications", "disclosure_rate", "dispute_rate")] == [
        "申请量",
        "实质公开率",
        "争议转化率",
    ]


def test_pingtan_2024_by_hand(pingtan_2024: dict[str, Indicator]) -> None:
    """平潭综合实验区 2024 (2024-pingtan-crawled.txt) prints in 表三, column 总计:
    一、本年新收 218 (自然人 217, 商业企业 1); 二、上年结转 0; （一）予以公开 71; （二）部分公开 29;
    （三）1. 国家秘密 4, 4. 第三方 3, 5. 三类内部事务 32, the other five 0; （四）1. 本机关不掌握 75, 2. 0, 3. 0;
    （五）2. 重复申请 1, the others 0; （七）总计 218; 四、结转下年度 0. 表四: 行政复议 维持 2 纠正 1 其他 3
    尚未审结 1 总计 7; 未经复议直接起诉 all 0; 复议后起诉 维持 13 纠正 2 其他 4 尚未审结 0 总计 19."""
    ind = pingtan_2024
    assert ind["applications"].value == 218
    assert ind["natural_person_share"].value == pytest.approx(217 / 218)
    assert ind["commercial_share"].value == pytest.approx(1 / 218)
    assert ind["research_share"].value == 0  # 0 ÷ 218 is a real 0 %, not undefined
    assert (ind["disclosure_rate"].numerator, ind["disclosure_rate"].denominator) == (71 + 29, 218)
    assert ind["refusal_rate"].numerator == 4 + 0 + 0 + 3 + 32 + 0 + 0 + 0
    assert ind["refusal_rate"].value == pytest.approx(39 / 218)
    assert ind["unable_rate"].value == pytest.approx((75 + 0 + 0) / 218)
    assert ind["not_held_share"].value == pytest.approx(75 / 75)
    assert ind["not_processed_rate"].value == pytest.approx((0 + 1 + 0 + 0 + 0) / 218)
    assert (ind["carry_forward_rate"].numerator, ind["carry_forward_rate"].denominator) == (0, 218 + 0)
    assert (ind["review_correction_rate"].numerator, ind["review_correction_rate"].denominator) == (1, 7 - 1)
    assert ind["suit_correction_rate"].numerator == 0 + 2
    assert ind["suit_correction_rate"].denominator == (0 + 19) - (0 + 0)
    assert ind["dispute_rate"].value == pytest.approx((7 + 0) / 218)
    assert ind["disclosure_rate"].display() == "45.9%"  # 100 / 218 = 0.45871…
    assert ind["applications"].display() == "218"


def test_change_on_the_previous_year(
    pingtan_2024: dict[str, Indicator], pingtan_2023: dict[str, Indicator]
) -> None:
    """2023 (2023-pingtan-crawled.txt): 本年新收 81; 予以公开 22 + 部分公开 20 = 42 of （七）总计 81."""
    rows = {row.key: row for row in compare_years(pingtan_2024, pingtan_2023)}
    assert rows["applications"].previous is not None and rows["applications"].previous.value == 81
    assert rows["applications"].change == 218 - 81
    assert format_change("applications", rows["applications"].change) == "+137"
    assert rows["disclosure_rate"].change == pytest.approx(100 / 218 - 42 / 81)
    assert format_change("disclosure_rate", rows["disclosure_rate"].change) == "-6.0个百分点"
    first_year = {row.key: row for row in compare_years(pingtan_2024, None)}
    assert first_year["applications"].change is None


def _report(**cells: float | None) -> dict[str, object]:
    """A report in JSON form: 表三 totals and 表四 cells given as ``row=value`` / ``review__total=value``."""
    requests: dict[str, dict[str, float | None]] = {}
    appeals: dict[str, dict[str, float | None]] = {}
    for name, value in cells.items():
        if "__" in name:
            group, column = name.split("__")
            appeals.setdefault(group, {})[column] = value
        else:
            requests[name] = {"natural_person": value, "total": value}
    return {"requests": requests, "appeals": appeals}


ZEROS = {
    "received": 0,
    "carried_over": 0,
    "granted": 0,
    "partially_granted": 0,
    "total_handled": 0,
    "carried_forward": 0,
    "unable_not_held": 0,
    "unable_needs_creation": 0,
    "unable_unclear": 0,
    "review__total": 0,
    "review__pending": 0,
    "review__corrected": 0,
}


def test_a_zero_denominator_is_undefined_never_zero_percent() -> None:
    ind = compute_indicators(_report(**ZEROS))
    for key in ("disclosure_rate", "not_held_share", "carry_forward_rate", "review_correction_rate"):
        assert ind[key].value is None and ind[key].undefined, key
        assert ind[key].display() == "—"
    assert ind["applications"].value == 0 and ind["applications"].display() == "0"


def test_a_blank_cell_propagates() -> None:
    ind = compute_indicators(_report(**{**ZEROS, "received": 5, "total_handled": 5, "unable_unclear": None}))
    assert ind["unable_rate"].value is None and not ind["unable_rate"].undefined  # blank, not undefined
    assert ind["refusal_rate"].value is None  # 三（三）'s rows are not printed at all
    assert ind["disclosure_rate"].value == 0
    assert format_value("unable_rate", ind["unable_rate"].value) == "—"


def _rate(value: float, denominator: int = 100) -> dict[str, Indicator]:
    return {"disclosure_rate": Indicator("disclosure_rate", value, value * denominator, denominator)}


def test_distribution_ranking_and_quartile_flags_by_hand() -> None:
    config = IndicatorConfig(min_sample=30, iqr_factor=1.5)
    rows = {
        "甲局": _rate(0.50),
        "乙局": _rate(0.60),
        "丙局": _rate(0.70),
        "丁局": _rate(0.80),
        "戊局": _rate(0.05),
        "己局": _rate(0.95, denominator=10),  # too few cases: neither ranked nor in the quartiles
        "庚局": {"disclosure_rate": Indicator("disclosure_rate", None, 0, 0)},
    }
    dist = region_distribution(rows, "disclosure_rate", config)
    assert dist is not None
    # sorted sample 0.05 0.50 0.60 0.70 0.80; inclusive quartiles at positions 1, 2, 3 of 0…4
    assert (dist.n, dist.left_out) == (5, 2)
    assert (dist.q1, dist.median, dist.q3) == pytest.approx((0.50, 0.60, 0.70))
    # IQR 0.20; fences 0.50 − 0.30 = 0.20 and 0.70 + 0.30 = 1.00: only 戊局's 5 % lies beyond
    flags = quartile_outliers(rows, config)
    assert [(f.agency, f.code) for f in flags] == [("戊局", "beyond_quartiles")]
    assert flags[0].message.startswith("实质公开率5.0%，低于本地区下四分位数50.0%减1.5倍四分位距")
    ranking = rank(rows, "disclosure_rate", config)
    assert [(r.agency, r.rank) for r in ranking.ranked] == [
        ("丁局", 1),
        ("丙局", 2),
        ("乙局", 3),
        ("甲局", 4),
        ("戊局", 5),
    ]
    reasons = dict(ranking.left_out)
    assert reasons["己局"] == "分母仅10件，未达到排名所需的最少30件"
    assert reasons["庚局"] == "分母为0，比率无定义"


def test_outliers_of_one_report() -> None:
    flags = report_outliers("某局", _report(received=3, partially_granted=5))
    assert [f.code for f in flags] == ["partial_exceeds_received"]
    assert "三（二）部分公开5件，多于一、本年新收3件" in flags[0].message
    flags = report_outliers("某局", _report(received=0, review__total=2, suit_direct__total=1))
    assert [f.code for f in flags] == ["appeals_without_applications"]
    assert "行政复议2件、行政诉讼1件" in flags[0].message
    assert report_outliers("某局", _report(received=3, partially_granted=3)) == []


def test_the_default_configuration_comes_from_the_catalog() -> None:
    config = IndicatorConfig.default()
    assert (config.min_sample, config.iqr_factor) == (30, 1.5)
    assert IndicatorConfig.default(min_sample=5).min_sample == 5


def test_outcome_mix_by_hand() -> None:
    """2024-pingtan-crawled.txt: （一）71 （二）29 （三）4+3+32 （四）75 （五）1 （六）1.1 + 2.0 + 3.2 （七）218; 四、0."""
    mix = outcome_mix(read_report(REPORTS / "2024-pingtan-crawled.txt").report)
    assert mix == {
        "granted": 71,
        "partially_granted": 29,
        "refused": 39,
        "unable": 75,
        "not_processed": 1,
        "other": 1 + 0 + 2,
        "carried_forward": 0,
    }
    assert sum(v for k, v in mix.items() if k != "carried_forward" and v is not None) == 218  # = （七）总计
    assert [outcome_label(k) for k in OUTCOME_KEYS] == [
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
        "结转下年度继续办理",
    ]
