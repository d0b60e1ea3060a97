"""Crawled text whose table cells ran together: recovered by constraint solving, never guessed."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.catalog import load_catalog
from gongkai.model.compare import compare_cells
from gongkai.readers import read_bytes, read_report
from gongkai.readers.runs import cuts, read_run_together, readings

REPORTS = Path(__file__).parent.parent / "fixtures" / "reports"


def _row_ok(r: tuple[float, ...]) -> bool:
    return sum(r[:-1]) == r[-1]


def test_cuts_respect_leading_zeros_and_signs() -> None:
    assert list(cuts("000", 3)) == [("0", "0", "0")]
    assert ("12", "-3", "4") in list(cuts("12-34", 3))
    assert all(not p.startswith("0") or p == "0" for c in cuts("10203", 3) for p in c)
    assert list(cuts("0012", 2)) == []


def test_issue_examples() -> None:
    assert readings("640020470", 7, _row_ok)[0] == [(64, 0, 0, 2, 0, 4, 70)]
    assert readings("801000081", 7, _row_ok)[0] == [(80, 1, 0, 0, 0, 0, 81)]
    # separators that are really there are used
    assert readings("0 1 1 0 2", 5, lambda r: sum(r[:4]) == r[4]) == ([(0, 1, 1, 0, 2)], "按空格分隔")
    # stray spaces inside numbers: "23 0 00 0 023" is 23, 0, 0, 0, 0, 0, 23
    assert readings("23 0 00 0 023", 7, _row_ok)[0] == [(23, 0, 0, 0, 0, 0, 23)]


@settings(deadline=None)  # correctness is tested here, speed in bench/
@given(st.lists(st.integers(0, 120), min_size=6, max_size=6))
def test_the_true_reading_is_always_among_the_candidates(parts: list[int]) -> None:
    row = (*parts, sum(parts))
    run = "".join(str(x) for x in row)
    found, _ = readings(run, 7, _row_ok, group=7)  # the row sum applied as the search goes, as 表三 does
    assert row in found


def test_column_identity_decides_an_ambiguous_row() -> None:
    # 收到 "110000011" alone reads 11,0,0,0,0,0,11 or 1,10,0,0,0,0,11; the column identity with
    # 结转 0 and （七）总计 "110000011" plus 结转下年度 0 cannot tell them apart, but 予以公开 printed with spaces can.
    labels = [r.label for r in load_catalog().request_rows("2019")]
    numbers = {r: "0000000" for r in labels}
    numbers["本年新收政府信息公开申请数量"] = "110000011"
    numbers["予以公开"] = "1 10 0 0 0 0 11"
    numbers["总计"] = "110000011"
    text = "三、收到和处理政府信息公开申请情况 " + "".join(
        f"{r.number}{r.label}{numbers[r.label]}" for r in load_catalog().request_rows("2019")
    )
    result = read_run_together(text, "2019", load_catalog())
    assert result.values["requests.received.natural_person"] == 1
    assert result.values["requests.received.commercial"] == 10
    assert result.ambiguous == {}


def test_undecidable_cells_stay_blank_with_candidates() -> None:
    specs = load_catalog().request_rows("2019")
    text = "三、收到和处理政府信息公开申请情况 " + "".join(
        f"{r.number}{r.label}{'110000011' if r.key in ('received', 'granted', 'total_handled') else '0000000'}"
        for r in specs
    )
    result = read_run_together(text, "2019", load_catalog())
    assert result.values["requests.received.natural_person"] is None
    assert result.ambiguous["requests.received.natural_person"] == [1.0, 11.0]
    assert result.values["requests.received.total"] == 11  # every reading agrees on 总计


def test_pingtan_2022_every_cell() -> None:
    expected = json.loads((REPORTS / "2021/2022-pingtan-crawled.expected.json").read_text(encoding="utf-8"))
    result = read_report(REPORTS / "2021/2022-pingtan-crawled.txt")
    assert compare_cells(result.report, expected).mismatches == []
    assert result.report.get("proactive.normative_documents.issued") == 88  # '8855698' decided by the text
    assert result.facts.ambiguous_cells == {}
    assert any(n.startswith("表三") for n in result.facts.reading_notes)


def test_pingtan_2019_tables_3_and_4_exact_and_table_2_ambiguity_reported() -> None:
    expected = json.loads((REPORTS / "2019/2019-pingtan-crawled.expected.json").read_text(encoding="utf-8"))
    result = read_report(REPORTS / "2019/2019-pingtan-crawled.txt")
    r = result.report
    for table in ("requests", "appeals"):
        sub = {"requests": {}, "appeals": {}, "proactive": {}, table: expected[table]}
        assert compare_cells(r, sub).mismatches == []
    assert r.get("proactive.rules.made") == 0
    # '13575394432.52元' has several readings: blank, with the candidates listed
    assert r.get("proactive.procurement.projects") is None
    assert r.get("proactive.procurement.amount") is None
    assert 135 in result.facts.ambiguous_cells["proactive.procurement.projects"]
    assert r.get("proactive.procurement.amount_unit") == "元"
    # '898989' is 89/89/89 in the report, but 8/9/8989 etc. satisfy every rule the text gives: not guessed
    assert r.get("proactive.normative_documents.made") is None
    assert 89.0 in result.facts.ambiguous_cells["proactive.normative_documents.made"]


def test_run_together_line_in_an_otherwise_normal_text() -> None:
    specs = load_catalog().request_rows("2021")
    body = "\n".join(
        f"{r.number}{r.label}{'640020470' if r.key in ('received', 'total_handled') else '0000000'}"
        for r in specs
        if r.key != "other"
    )
    text = (
        "某县2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        + body
        + "\n四、政府信息公开行政复议、行政诉讼情况\n结果维持结果纠正其他结果尚未审结总计100010000000000\n"
    )
    r = read_bytes(text.encode(), name="crawl.txt").report
    assert list(r.requests.received.model_dump().values()) == [64, 0, 0, 2, 0, 4, 70]
    assert r.appeals.review.model_dump() == {
        "upheld": 1,
        "corrected": 0,
        "other": 0,
        "pending": 0,
        "total": 1,
    }


def test_a_2021_report_printing_the_2019_table_2_columns() -> None:
    """平潭社会事业局 2021 prints 表二 with the 2019 columns (上一年项目数量 / 本年增/减 / 处理决定数量):
    its digits are cut by those columns, only 处理决定数量 (= 本年处理决定数量) is kept, and F101 says why
    the other rows are blank. Read as 2021 single cells, '7400' would have been 7,400 penalty decisions."""
    from gongkai.check import check_report

    result = read_report(REPORTS / "2021/2021-pingtan-social-crawled.txt")
    p = result.report.proactive
    assert result.report.template == "2021"
    assert p.penalty.decisions == 0  # '7400': 74/0/0 or 7/40/0
    assert p.coercion.decisions == 0  # '000'
    assert p.licensing.decisions is None  # '89741888': 897/4/1888, 89/74/1888 …
    assert 1888.0 in result.facts.ambiguous_cells["proactive.licensing.decisions"]
    assert p.normative_documents.issued is None and p.fees.amount is None  # no column means the same
    codes = {f.code for f in check_report(result.report, facts=result.facts)}
    assert "F101" in codes and "F103" not in codes  # 三（六）3 printed as bare 其他 is found
    assert any("表二印的是2019年版的栏目" in n for n in result.facts.reading_notes)


def test_a_count_unit_between_cells_separates_them() -> None:
    # 平潭财政金融局 2020: "政府集中采购 2笔 984361元"
    result = read_report(REPORTS / "2019/2020-pingtan-finance-crawled.txt")
    assert result.report.proactive.procurement.model_dump() == {
        "projects": 2,
        "amount": 984361,
        "amount_unit": "元",
    }


def test_the_text_decides_a_row_it_states_in_full() -> None:
    # 平潭管委会办公室 2025: '97253', and the text: 制发行政规范性文件9件，按程序确认失效或废止文件7件，
    # 现行有效行政规范性文件共253件
    result = read_report(REPORTS / "2021/2025-pingtan-office-crawled.txt")
    assert result.report.proactive.normative_documents.model_dump() == {
        "issued": 9,
        "repealed": 7,
        "in_force": 253,
    }
