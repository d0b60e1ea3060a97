"""A row printing fewer numbers than it has columns (a converter dropped a cell): the narrative's own words
decide the missing cell only when exactly one reading agrees with them (issue 12 §2); else F103, never a guess.
Inputs are real fixtures with one cell taken out of a row, as converters drop them."""

from __future__ import annotations

from pathlib import Path

import pytest

from converted import convert
from gongkai.check import check_report
from gongkai.readers import read_bytes
from gongkai.readers.stated import stated_cells

STC = (
    Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "2021" / "2024-shanghai-stc-converted.txt"
)
RECEIVED = "| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 | 34 |  |"


def _stc(row: str, *, narrative: tuple[str, str] | None = None) -> bytes:
    text = STC.read_text(encoding="utf-8")
    assert RECEIVED in text
    text = text.replace(RECEIVED, row)
    if narrative is not None:
        assert narrative[0] in text
        text = text.replace(*narrative)
    return text.encode("utf-8")


def test_a_dropped_total_is_decided_by_the_narrative_and_said_so() -> None:
    """上海科委 2024: 表三's 一 row lost its 总计 (34); the report says 全年收到政府信息公开申请 34 件."""
    read = read_bytes(_stc("| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 |"))
    received = read.report.requests.received
    assert (received.natural_person, received.commercial, received.other_org, received.total) == (
        32,
        2,
        0,
        34,
    )
    assert read.facts.narrative_cells == ["requests.received.total"]
    notes = [f.message for f in check_report(read.report, facts=read.facts) if f.code == "F108"]
    assert notes == [
        "读取说明：表三：“一、本年新收政府信息公开申请数量”一行只印了6个数（应为7个），"
        "“一、本年新收政府信息公开申请数量·总计”按正文“收到政府信息公开申请34件”填写，其余按顺序对应"
    ]
    assert "按正文填写 1 格（一、本年新收政府信息公开申请数量·总计）" in read.facts.cell_sources[1]


def test_a_dropped_cell_the_narrative_does_not_decide_stays_blank_with_f103() -> None:
    """A 0 dropped: the statement (34) is the printed 总计, so any of six columns may be the gap — no guess."""
    read = read_bytes(_stc("| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 34 |"))
    assert all(v is None for _, v in read.report.requests.received)
    assert read.facts.narrative_cells == []
    assert [f.paths for f in check_report(read.report, facts=read.facts) if f.code == "F103"] == [
        ("requests.received",)
    ]


def test_a_statement_that_disagrees_with_the_printed_numbers_decides_nothing() -> None:
    """The narrative says 35, the six printed cells sum to 34: no reading agrees, the row stays unread."""
    read = read_bytes(
        _stc(
            "| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 |",
            narrative=("全年收到政府信息公开申请 34 件", "全年收到政府信息公开申请 35 件"),
        )
    )
    assert read.report.requests.received.total is None
    assert "requests.received" in read.facts.unaligned_rows


def test_two_statements_of_one_cell_with_different_numbers_decide_nothing() -> None:
    read = read_bytes(
        _stc(
            "| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 |",
            narrative=(
                "所有申请均已按要求办理完成。",
                "所有申请均已按要求办理完成。另据统计，新收政府信息公开申请33件。",
            ),
        )
    )
    assert read.report.requests.received.total is None and read.facts.narrative_cells == []


def _appeals_without_review_total(statement: str) -> bytes:
    """平潭 2024 as a converter prints 表四 (three small tables), the 行政复议 table's 总计 (7) dropped."""
    text = convert("2021/2024-pingtan-page.html", "appeals-split").decode()
    row = "| 2 | 1 | 3 | 1 | 7 |"
    assert text.count(row) == 1
    text = text.replace(row, "| 2 | 1 | 3 | 1 |")
    heading = "四、政府信息公开行政复议、行政诉讼情况\n"
    return text.replace(heading, f"{heading}\n{statement}\n", 1).encode("utf-8")


def test_a_review_total_stated_in_the_narrative_decides_the_dropped_cell() -> None:
    read = read_bytes(
        _appeals_without_review_total("本年度共发生政府信息公开行政复议案件7件，行政诉讼19件。")
    )
    review = read.report.appeals.review
    assert (review.upheld, review.corrected, review.other, review.pending, review.total) == (2, 1, 3, 1, 7)
    assert read.facts.narrative_cells == ["appeals.review.total"]
    assert any("“行政复议·总计”按正文" in n for n in read.facts.reading_notes)


@pytest.mark.parametrize(
    "statement",
    [
        "本年度政府信息公开行政复议案件较上年增加7件。",  # a comparison, not this year's figure
        "本年度政府信息公开行政复议和行政诉讼共7件。",  # two tables' figure
        "本年度无相关情况。",  # nothing stated
    ],
)
def test_no_cell_from_a_comparison_a_joint_figure_or_silence(statement: str) -> None:
    read = read_bytes(_appeals_without_review_total(statement))
    assert read.report.appeals.review.total is None
    assert read.facts.narrative_cells == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("全年收到政府信息公开申请 34 件，上年结转政府信息公开申请 2 件。", {"requests.received.total": 34,
                                                                  "requests.carried_over.total": 2}),
        ("本年度全区共收到70件申请，1件结转下年度继续办理。", {"requests.received.total": 70,
                                                          "requests.carried_forward.total": 1}),
        ("转下一年度办理答复的有 1 件。", {"requests.carried_forward.total": 1}),
        ("2024 年市科委有 1 件涉及政府信息公开工作的行政\n复议。", {"appeals.review.total": 1}),
        ("全年主动公开规章22件。", {"proactive.rules.issued": 22, "proactive.rules.published": 22}),
        ("共收到申请70件（含上年结转2件）。", {}),
        ("较上年收到申请30件。", {}),
        ("收到申请3件。新收申请4件。", {}),
    ],
)  # fmt: skip
def test_what_the_narrative_states(text: str, want: dict[str, int]) -> None:
    assert {p: n for p, (n, _) in stated_cells(text).items()} == want


# ---- a converter's row ending in an empty cell: its numbers may stand one column too far left -----------


def _requests_findings(read) -> dict[str, list[tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    found: dict[str, list[tuple[str, ...]]] = {}
    for f in check_report(read.report, facts=read.facts):
        found.setdefault(f.code, []).append(tuple(f.paths))
    return found


def test_a_lost_zero_and_an_extra_empty_cell_is_never_read_as_its_neighbour() -> None:
    """The row lost a 0 and the converter put an empty cell at its end: read as printed it gave 其他=34 and
    总计 blank — a wrong number. 34 may be 其他 (总计 blank) or 总计 (a 0 lost from any column): F103."""
    read = read_bytes(_stc("| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 34 |  |"))
    assert all(v is None for _, v in read.report.requests.received)
    assert read.facts.unaligned_rows == ["requests.received"]
    findings = _requests_findings(read)
    assert ("requests.received",) in findings["F103"]
    # the row's cells are F103's: no finding calls one of them blank
    assert not any(
        p.startswith("requests.received.")
        for code in ("T304", "T305")
        for ps in findings.get(code, [])
        for p in ps
    )


def test_a_row_ending_in_an_empty_cell_stands_as_printed_where_the_sums_leave_no_other_reading() -> None:
    """32 2 0 0 0 0 and an empty 总计: moved one column right, 0 would be 总计 of 34 applications, so the
    numbers stand where printed; the statement (34) agrees with their sum, and the blank stays blank."""
    read = read_bytes(_stc("| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 |  |"))
    received = read.report.requests.received
    assert (received.natural_person, received.commercial, received.other_org, received.total) == (
        32,
        2,
        0,
        None,
    )
    assert read.facts.unaligned_rows == [] and read.facts.narrative_cells == []


def test_a_row_ending_in_an_empty_cell_that_the_statement_contradicts_is_not_read() -> None:
    """32 2 0 0 0 1 and an empty 总计: as printed they make 35 applications, the text says 34; moved, 1 would
    be the 总计 the text says is 34 — no reading is left, so none is made."""
    read = read_bytes(_stc("| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 1 |  |"))
    assert all(v is None for _, v in read.report.requests.received)
    assert read.facts.unaligned_rows == ["requests.received"]


def test_the_real_row_with_a_blank_total_keeps_it_blank() -> None:
    """上海科委 2024 prints 四、结转下年度继续办理 as 1 0 0 0 0 0 with 总计 blank (the text: 转下一年度办理答复的
    有1件): read as printed, the blank not filled from the text."""
    read = read_bytes(STC.read_bytes())
    forward = read.report.requests.carried_forward
    assert (forward.natural_person, forward.other_org, forward.total) == (1, 0, None)
    assert "requests.carried_forward" not in read.facts.unaligned_rows


def test_a_converter_that_keeps_empty_cells_keeps_a_trailing_one_in_its_column() -> None:
    """A document whose Markdown rows keep empty cells among their numbers (a 2019 report printing blanks):
    a row ending in empty cells is read as printed."""
    text = convert("2019/2019-shanghai-govoffice.html", "converted").decode("utf-8")
    assert "| （一）予以公开 | 258 | 12 |  |  | 1 | 1 |  |" in text
    read = read_bytes(text.encode("utf-8"))
    granted = read.report.requests.granted
    assert (granted.natural_person, granted.commercial, granted.legal_services, granted.total) == (
        258,
        12,
        1,
        None,
    )
    assert read.facts.unaligned_rows == []


REVIEW = "| 1 | 0 | 0 | 0 | 1 |"


@pytest.mark.parametrize(
    ("row", "want"),
    [
        ("| 1 | 0 | 0 | 1 |  |", None),  # 1 may be 尚未审结 (总计 blank) or 总计 (a 0 lost): F103
        ("| 1 | 0 | 0 | 0 |  |", (1, 0, 0, 0, None)),  # moved, 0 would be the 总计 of 1 case: as printed
    ],
)
def test_a_review_group_ending_in_an_empty_cell(row: str, want: tuple[int | None, ...] | None) -> None:
    """表四 printed as three small tables (上海科委 2024, converted): the 行政复议 row with a 0 lost and an
    empty cell added is not read by guess; one that the sums leave one reading for stands as printed."""
    text = convert("2021/2024-shanghai-stc-converted.txt", "appeals-split").decode("utf-8")
    assert text.count(REVIEW) == 1
    read = read_bytes(text.replace(REVIEW, row).encode("utf-8"))
    review = read.report.appeals.review
    got = (review.upheld, review.corrected, review.other, review.pending, review.total)
    if want is None:
        assert got == (None,) * 5
        assert "appeals.review" in read.facts.unaligned_rows
        assert ("appeals.review",) in [
            f.paths for f in check_report(read.report, facts=read.facts) if f.code == "F103"
        ]
    else:
        assert got == want
        assert "appeals.review" not in read.facts.unaligned_rows
