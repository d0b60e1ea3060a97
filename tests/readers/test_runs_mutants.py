"""readers/runs.py in small, exact steps: label patterns, the stated numbers, the row and column identities and
the notes the reader writes (issue 18: gaps a mutation run left open; expected values written by hand)."""

from __future__ import annotations

from gongkai.catalog import Label, load_catalog
from gongkai.readers.runs import (
    RunResult,
    _find_sequence,
    _row_sum_ok,
    label_pattern,
    plausible,
    printed_template,
    read_appeals,
    read_proactive,
    read_run_together,
    readings,
    stated_numbers,
)

CATALOG = load_catalog()


def _label(label: str, number: str = "", variants: tuple[str, ...] = ()) -> Label:
    return Label(key="k", number=number, label=label, variants=variants)


def test_label_pattern_allows_spaces_and_punctuation_variants() -> None:
    p = label_pattern(_label("危及“三安全一稳定”，等", "3."))
    assert p.fullmatch("3.危及“三安全一稳定”,等")
    assert p.fullmatch("3 、 危 及 三安全一稳定 等")
    assert p.fullmatch("3．危及'三安全一稳定'、等")
    assert not p.fullmatch("4.危及三安全一稳定等")
    assert not p.fullmatch("3.危及三安全一稳定")


def test_label_pattern_numbers_in_brackets_and_variants() -> None:
    p = label_pattern(_label("予以公开", "（一）", ("公开",)))
    assert p.fullmatch("(一)予以公开")
    assert p.fullmatch("（ 一 ） 公开")
    assert p.match("(一)予以公开").group(0) == "(一)予以公开"  # the longer form first
    assert not p.fullmatch("一予以公开")
    bare = label_pattern(_label("予以公开", "（一）"), numbered=False)
    assert bare.fullmatch("予以公开")
    assert label_pattern(_label("总计", "（）")).fullmatch("总计")  # a number of brackets only: none


def test_stated_numbers_words_and_values() -> None:
    text = "本年制定规范性文件12件，现行有效行政规范性文件共253件；确认失效或废止文件7件。出台规章 2 件，现行有效规章计9件"
    assert stated_numbers(text) == {
        "normative_documents.in_force": (253.0, "现行有效行政规范性文件共253件"),
        "normative_documents.issued": (12.0, "制定规范性文件12件"),
        "normative_documents.made": (12.0, "制定规范性文件12件"),
        "normative_documents.repealed": (7.0, "失效或废止文件7件"),
        "rules.issued": (2.0, "出台规章 2 件"),
        "rules.in_force": (9.0, "现行有效规章计9件"),
    }
    assert stated_numbers("制作规范性文件３件") == {"normative_documents.made": (3.0, "制作规范性文件3件")}


def test_plausible_only_published_within_total() -> None:
    assert plausible({"published": 3, "total_published": 3})
    assert not plausible({"published": 4, "total_published": 3})
    assert plausible({"made": 9, "total_published": 3})
    assert plausible({"published": 4})


def test_printed_template_is_the_other_only_when_only_its_columns_are_printed() -> None:
    text2019 = "上一年项目数量本年增/减处理决定数量"
    assert printed_template(text2019, "2021", CATALOG) == "2019"
    assert printed_template(text2019, "2019", CATALOG) == "2019"
    assert printed_template("本年制发件数本年废止件数现行有效件数", "2021", CATALOG) == "2021"
    assert printed_template("", "2021", CATALOG) == "2021"


def test_readings_spaced_unit_words_and_nothing() -> None:
    ok = lambda r: True  # noqa: E731
    assert readings("2笔 984361", 2, ok) == ([(2, 984361)], "按空格分隔")
    assert readings("  ", 3, ok) == ([], "无数字")
    assert readings("1 2", 2, lambda r: False) == ([], "按勾稽关系拆分")


def test_appeals_run_with_the_note() -> None:
    result = RunResult()
    read_appeals("结果维持结果纠正其他结果尚未审结总计 100010000000000", result)
    assert result.values["appeals.review.upheld"] == 1
    assert result.values["appeals.review.total"] == 1
    assert result.values["appeals.suit_after_review.total"] == 0
    assert result.rows_found == ["appeals.review", "appeals.suit_direct", "appeals.suit_after_review"]
    assert result.tables_found == ["appeals"]
    assert result.notes == ["表四：单元格数字粘连，按勾稽关系拆分（每组四项结果之和等于总计）；唯一确定"]


def test_appeals_the_last_run_that_has_digits() -> None:
    result = RunResult()
    read_appeals("尚未审结总计 1 0 0 0 1 0 0 0 0 0 0 0 0 0 0 说明：尚未审结总计 ", result)
    assert result.values["appeals.review.total"] == 1
    assert result.notes == ["表四：单元格数字粘连，按空格分隔（每组四项结果之和等于总计）；唯一确定"]


def test_appeals_several_readings_are_counted_in_the_note() -> None:
    result = RunResult()
    read_appeals("尚未审结总计10100110000000000", result)  # 1,0,10,0,11 or 10,1,0,0,11, then ten zeros
    assert result.ambiguous_rows["appeals.review"] == [
        {"upheld": 1, "corrected": 0, "other": 10, "pending": 0, "total": 11},
        {"upheld": 10, "corrected": 1, "other": 0, "pending": 0, "total": 11},
    ]
    assert result.values["appeals.review.upheld"] is None
    assert result.ambiguous["appeals.review.upheld"] == [1.0, 10.0]
    assert result.values["appeals.review.total"] == 11
    assert result.notes == ["表四：单元格数字粘连，按勾稽关系拆分（每组四项结果之和等于总计）；2种读法"]


def test_appeals_without_a_reading_are_noted() -> None:
    result = RunResult()
    read_appeals("尚未审结总计110000110000000000", result)
    assert result.notes == ["表四：单元格数字粘连，按勾稽关系拆分（每组四项结果之和等于总计）；0种读法"]
    assert result.values["appeals.review.total"] is None
    assert "appeals.review.total" not in result.ambiguous


def _requests_text(numbers: dict[str, str], template: str = "2019") -> str:
    return "三、收到和处理政府信息公开申请情况 " + "".join(
        f"{r.number}{r.label}{numbers.get(r.key, '0000000')}" for r in CATALOG.request_rows(template)
    )


def test_requests_note_when_every_row_is_decided() -> None:
    text = _requests_text({"received": "640020470", "granted": "640020470", "total_handled": "640020470"})
    result = read_run_together(text, "2019", CATALOG)
    assert result.values["requests.received.natural_person"] == 64
    assert result.values["requests.total_handled.total"] == 70
    assert result.ambiguous == {} and result.ambiguous_rows == {}
    assert result.notes[0] == (
        "表三：单元格数字粘连，按勾稽关系拆分（每六类申请人之和等于总计，各列第一项加第二项等于第三项加第四项）；"
        "23行中23行唯一确定"
    ).replace("每六类", "每行六类")


def test_requests_note_counts_the_rows_left_open() -> None:
    text = _requests_text({"received": "110000011", "granted": "110000011", "total_handled": "110000011"})
    result = read_run_together(text, "2019", CATALOG)
    assert result.notes[0].endswith("；23行中20行唯一确定，3行有多种读法，留空并列出候选值")
    assert result.ambiguous_rows["requests.received"] == [
        {"natural_person": 1, "commercial": 10, "research": 0, "social_welfare": 0, "legal_services": 0,
         "other_org": 0, "total": 11},
        {"natural_person": 11, "commercial": 0, "research": 0, "social_welfare": 0, "legal_services": 0,
         "other_org": 0, "total": 11},
    ]  # fmt: skip


def test_label_pattern_ignores_spaces_inside_the_catalog_label() -> None:
    assert label_pattern(_label("予以 公开")).fullmatch("予以公开")


def test_a_label_printed_without_its_number() -> None:
    labels = [_label("本年新收申请", "一"), _label("其他", "3."), _label("长标签四字", "4.")]
    labels = [Label(key=f"k{i}", number=lab.number, label=lab.label) for i, lab in enumerate(labels)]
    # a short bare label only right after the last row's digits; a label of four or more characters anywhere
    assert [k for k, *_ in _find_sequence("一本年新收申请1 2 其他3 4 长标签四字5", labels, 0, 99)] == [
        "k0",
        "k1",
        "k2",
    ]
    assert [k for k, *_ in _find_sequence("一本年新收申请1 2 说明其他3", labels, 0, 99)] == ["k0"]
    assert [k for k, *_ in _find_sequence("  其他3", labels, 0, 99)] == []  # no row before it
    four = [Label(key="k", number="5.", label="四字标签")]
    assert [k for k, *_ in _find_sequence("说明四字标签3", four, 0, 99)] == ["k"]
    # only up to ``end``
    assert _find_sequence("一本年新收申请1 其他2 长标签四字5", labels, 0, 12) == [("k0", 0, 7), ("k1", 9, 11)]


def test_row_sum_rejects_negative_cells() -> None:
    assert readings("5-23", 3, _row_sum_ok)[0] == []
    assert readings("523", 3, _row_sum_ok)[0] == []
    assert readings("213", 3, _row_sum_ok)[0] == [(2, 1, 3)]


def test_requests_from_the_heading_on_and_the_carried_over_column() -> None:
    # the introduction names 本年新收…申请 with a number before the table: not a row
    numbers = {
        "received": "110000011", "carried_over": "1 0 0 0 0 0 1", "granted": "120000012",
        "total_handled": "120000012",
    }  # fmt: skip
    text = "一、本年新收政府信息公开申请数量99件。" + _requests_text(numbers)
    result = read_run_together(text, "2019", CATALOG)
    # 收到 reads 11,0,… or 1,10,…; 二 is 1,0,… (spaced); （七） 12,0,…: 收到 + 结转 = （七） + 结转下年度 in
    # every column decides 11 + 1 = 12
    assert result.values["requests.received.natural_person"] == 11
    assert result.values["requests.received.commercial"] == 0
    assert result.values["requests.total_handled.natural_person"] == 12
    assert result.ambiguous == {}
    assert result.notes[0].startswith("表三：单元格数字粘连，按勾稽关系拆分、按空格分隔（")


def test_requests_text_starting_with_its_first_row() -> None:
    text = _requests_text({"received": "640020470", "total_handled": "640020470", "granted": "640020470"})
    text = text.removeprefix("三、收到和处理政府信息公开申请情况 一")
    result = read_run_together(text, "2019", CATALOG)
    assert result.values["requests.received.natural_person"] == 64


def _proactive(text: str, template: str = "2019") -> RunResult:
    result = RunResult()
    read_proactive(text, template, CATALOG, result)
    return result


def test_proactive_cells_ranges() -> None:
    result = _proactive("第二十条 规章951 规范性文件1-12 行政许可5-23 其他对外管理服务事项2-53 行政处罚131")
    # 规章: 9/5/1 is implausible (5 published of 1), but the only reading: kept
    assert [result.values[f"proactive.rules.{c}"] for c in ("made", "published", "total_published")] == [
        9,
        5,
        1,
    ]
    # only 本年增/减 may be negative …
    assert result.values["proactive.normative_documents.published"] is None
    assert "proactive.normative_documents.published" not in result.ambiguous
    assert [
        result.values[f"proactive.licensing.{c}"] for c in ("items_last_year", "items_change", "decisions")
    ] == [5, -2, 3]
    # … and never below minus last year's items (2 − 5 < 0)
    assert result.values["proactive.other_services.items_change"] is None
    assert result.values["proactive.penalty.items_change"] == 3
    assert result.notes == ["表二：单元格数字粘连，按各列的取值范围和正文所述数字拆分；全部唯一确定"]


def test_proactive_plausibility_and_ambiguity_in_the_note() -> None:
    result = _proactive("第二十条 规章9100 行政事业性收费123")
    assert [result.values[f"proactive.rules.{c}"] for c in ("made", "published", "total_published")] == [
        91,
        0,
        0,
    ]
    assert result.ambiguous == {
        "proactive.fees.items_last_year": [1.0, 12.0],
        "proactive.fees.items_change": [3.0, 23.0],
    }
    assert result.notes == [
        "表二：单元格数字粘连，按各列的取值范围和正文所述数字拆分，规章另按“本年新公开数量不超过对外公开总数量”"
        "排除了部分读法；单独读取时2个单元格有多种读法，留空并列出候选值"
    ]


def test_proactive_statements_that_contradict_every_reading_are_not_used() -> None:
    result = _proactive("第二十条 规章253 现行有效规章共9件", "2021")
    assert [result.values[f"proactive.rules.{c}"] for c in ("issued", "repealed", "in_force")] == [2, 5, 3]
    result = _proactive("第二十条 规章2103 现行有效规章共3件", "2021")  # 2/10/3 or 21/0/3: 3 agrees with both
    assert result.values["proactive.rules.in_force"] == 3


def test_procurement_unit_within_forty_characters_after_the_label() -> None:
    assert _proactive("第二十条 政府集中采购 2 984361" + " " * 30 + "元").unit == "元"
    assert _proactive("第二十条 政府集中采购 2 984361" + " " * 31 + "元").unit is None


def test_proactive_only_before_table_three() -> None:
    # no 第二十条 caption and the text begins with 表三's first row: nothing before it is 表二
    text = "一、本年新收政府信息公开申请数量640020470 规章123"
    assert _proactive(text).rows_found == []
    assert _proactive("说明 规章123 " + text).values["proactive.rules.made"] == 1
