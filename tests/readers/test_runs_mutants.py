"""readers/runs.py in small, exact steps: label patterns, the stated numbers, the row and column identities and
the notes the reader writes (issue 18: gaps a mutation run left open; expected values written by hand)."""

from __future__ import annotations

from gongkai.catalog import Label, load_catalog
from gongkai.readers.runs import (
    RunResult,
    label_pattern,
    plausible,
    printed_template,
    read_appeals,
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
