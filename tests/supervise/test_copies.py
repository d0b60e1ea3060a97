"""find_copies over many reports: only the pairs the spec names (an agency's consecutive years, two agencies
in one year), the earlier report first, passages into both texts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gongkai
from gongkai.supervise import CopySource, find_copies
from strategies import valid_report

P23 = (
    "存在的问题主要有以下几个方面：一是部分单位信息发布属性界定还不够精确，部分栏目存在信息噪音；二是开拓创新"
    "不够有力，实验区政务公开工作特色打造、亮点挖掘还不够；三是政策解读的质量有待提高，形式还要更加多样。"
)
OTHER = (
    "2024年，实验区政府信息公开工作取得了新进展新成果，但在工作中仍在不足，如新时代政府信息公开工作机制有待"
    "进一步调整和完善；政策解读形式仍需创新；智能化、数字化手段运用还不够充分等。"
)


def src(key: str, agency: str, year: int, problems: str) -> CopySource:
    return CopySource(key, agency, year, {"problems": problems})


def test_previous_year_and_same_year_copies_only() -> None:
    sources = [
        src("f24", "财政局", 2024, P23.replace("一是", "一是今年")),
        src("f23", "财政局", 2023, P23),
        src("e24", "教育局", 2024, P23),  # copies 财政局 2023 (another agency, another year: not compared) …
        src("w24", "卫健委", 2024, OTHER),
        src("f21", "财政局", 2021, P23),  # two years back: not compared
    ]
    pairs = find_copies(sources)
    got = {(p.a, p.b, p.relation) for p in pairs}
    # … and 财政局 2024 (same year); 财政局 2023 → 2024 (previous year)
    assert got == {("f23", "f24", "previous_year"), ("e24", "f24", "same_year")}
    for p in pairs:
        assert p.section == "problems"
        assert p.similarity >= gongkai.supervise.CopyConfig.default().threshold
        assert p.passages
    assert pairs == sorted(pairs, key=lambda p: -p.similarity)


def test_from_report_takes_sections_one_and_five() -> None:
    report = valid_report("2021")
    report.sections.overview, report.sections.problems, report.sections.other = "一", "五", "六"
    source = CopySource.from_report("r1", report)
    assert (source.agency, source.year, dict(source.sections)) == (
        report.agency,
        2022,
        {"overview": "一", "problems": "五"},
    )
    report.agency = None
    with pytest.raises(ValueError, match="r1"):
        CopySource.from_report("r1", report)
    assert CopySource.from_report("r1", report, agency="a-17").agency == "a-17"


def test_duplicate_keys_are_a_caller_error() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        find_copies([src("k", "甲", 2024, P23), src("k", "乙", 2024, P23)])


SENTENCES = [s + "。" for s in (P23 + OTHER).replace("；", "。").split("。") if s]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(SENTENCES), min_size=3, max_size=8, unique=True),
    st.lists(st.integers(0, 9), min_size=1, max_size=20),
    st.sampled_from(["previous_year", "same_year"]),
)
def test_a_copy_with_new_figures_and_punctuation_is_always_found(
    sentences: list[str], digits: list[int], kind: str
) -> None:
    text = "".join(sentences) + "全年共收到申请12件，办结12件。"
    figures = iter(digits * 10)
    copied = re.sub(r"\d", lambda _: str(next(figures)), text).replace("，", " ").replace("。", "；")
    agency, year = ("财政局", 2024) if kind == "previous_year" else ("教育局", 2023)
    earlier = CopySource("a", "财政局", 2023, {"overview": text})
    [pair] = find_copies([earlier, CopySource("b", agency, year, {"overview": copied})])
    assert (pair.a, pair.b, pair.relation, pair.similarity) == ("a", "b", kind, 1.0)
