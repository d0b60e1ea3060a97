"""readers/fill.py on small hand-made tables: which row goes to which cell, and what is left unplaced.

Every expected value below is written by hand from the table the test builds (issue 18: the fill was only
tested through whole reports, where most of its branches never decide anything)."""

from __future__ import annotations

from gongkai.catalog import load_catalog
from gongkai.readers.fill import FillResult, Forms, fill_appeals, fill_proactive, fill_requests
from gongkai.readers.layout import Cell, Layout, Paragraph, Row, Table
from gongkai.readers.rows import RowView, row_views

CATALOG = load_catalog()
ZERO7 = ["0"] * 7


def _rows(*tables: list[list[str]], caption: str | None = None) -> list[RowView]:
    """Row views of tables given as lists of rows of cell texts (a caption paragraph before the first)."""
    blocks: list[Paragraph | Table] = [Paragraph(caption)] if caption else []
    for i, t in enumerate(tables, start=1):
        blocks.append(
            Table(
                [Row([Cell(text, col=c) for c, text in enumerate(r)], line=n + 1) for n, r in enumerate(t)],
                index=i,
            )
        )
    return row_views(Layout(blocks))


def _requests(
    template: str, *table: list[str], stated: dict[str, tuple[float, str]] | None = None
) -> FillResult:
    result = FillResult()
    fill_requests(template, _rows(list(table)), CATALOG, result, stated)
    return result


def _row(key: str, values: list[str], template: str = "2019") -> list[str]:
    spec = next(s for s in CATALOG.request_rows(template) if s.key == key)
    return [spec.number + spec.label, *values]


# ---- Forms ---------------------------------------------------------------------------------------


def test_forms_match_exactly_or_by_a_distinctive_suffix() -> None:
    forms = Forms([("其他", "misc"), ("予以公开", "granted"), ("12", "twelve"), ("1属于", "numbered")])
    assert forms.match("其他") == "misc"
    assert forms.match("三其他") is None  # a short bare form is a column word too: exact only
    assert forms.match("三本年度办理结果一予以公开") == "granted"  # four characters: suffix
    assert forms.match("表12") == "twelve"  # not all letters: suffix
    assert forms.match("一1属于") == "numbered"  # printed numbering: suffix
    assert forms.match("予以") is None


def test_forms_the_first_key_of_a_form_and_the_longest_suffix_win() -> None:
    forms = Forms([("部分公开", "partly"), ("部分公开", "second"), ("二部分公开", "numbered_partly")])
    assert forms.exact["部分公开"] == "partly"
    assert forms.match("某某部分公开") == "partly"
    assert forms.match("某二部分公开") == "numbered_partly"
    assert forms.lengths == [5, 4]


def test_a_short_numbered_form_is_not_a_suffix() -> None:
    forms = Forms([("一二", "x"), ("一二三", "y"), ("甲乙丙", "z")])
    assert forms.match("甲一二") is None  # two characters: exact only
    assert forms.match("甲一二三") == "y"  # three, numbered: suffix
    assert forms.match("丁甲乙丙") is None  # three, not numbered: exact only
    assert forms.match("甲乙丙") == "z"


# ---- 表三 ------------------------------------------------------------------------------------------


def test_requests_rows_by_label_with_cells_locations_and_order() -> None:
    result = _requests(
        "2019",
        ["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
        _row("received", ["5", "1", "0", "0", "0", "1", "7"]),
        _row("carried_over", ZERO7),
    )
    assert result.values["requests.received.natural_person"] == 5
    assert result.values["requests.received.commercial"] == 1
    assert result.values["requests.received.total"] == 7
    assert result.values["requests.carried_over.total"] == 0
    loc = result.cells["requests.received.total"]
    assert (loc.table, loc.row, loc.col, loc.text, loc.line) == (1, 2, 8, "7", 2)
    assert result.rows_found == ["requests.received", "requests.carried_over"]
    assert result.tables_found == ["requests"]
    assert result.last_requests_order == 2
    assert result.unaligned == []


def test_a_repeated_label_keeps_the_row_with_numbers() -> None:
    result = _requests(
        "2019",
        _row("received", ["", "", "", "", "", "", ""]),
        _row("received", ["1", "0", "0", "0", "0", "0", "1"]),
        _row("received", ["2", "0", "0", "0", "0", "0", "2"]),
    )
    assert result.values["requests.received.total"] == 1  # the first with numbers; the third is ignored
    assert result.rows_found == ["requests.received"]
    assert result.last_requests_order == 1


def test_no_request_row_no_table() -> None:
    result = _requests("2019", ["说明", "无"])
    assert result.tables_found == []
    assert result.last_requests_order == -1
    assert result.values == {}


def test_a_group_row_with_numbers_is_a_subtotal() -> None:
    result = _requests(
        "2019",
        _row("received", ["3", "0", "0", "0", "0", "0", "3"]),
        ["（三）不予公开", "2", "0", "0", "0", "0", "0", "2"],
        _row("refused_state_secret", ["2", "0", "0", "0", "0", "0", "2"]),
    )
    assert result.subtotals == {
        "requests.refused": {
            "natural_person": 2, "commercial": 0, "research": 0, "social_welfare": 0, "legal_services": 0,
            "other_org": 0, "total": 2,
        }
    }  # fmt: skip
    assert "requests.refused" not in result.rows_found
    result = _requests("2019", ["（三）不予公开", "2", "0", "0"])  # not seven columns: no subtotal
    assert result.subtotals == {}


def test_unlabelled_rows_between_labelled_ones_are_placed_by_template_order() -> None:
    result = _requests(
        "2019",
        _row("received", ["1", "0", "0", "0", "0", "0", "1"]),
        ["", "2", "0", "0", "0", "0", "0", "2"],
        _row("granted", ["3", "0", "0", "0", "0", "0", "3"]),
    )
    assert result.values["requests.carried_over.total"] == 2
    assert result.values["requests.granted.total"] == 3


def test_unlabelled_rows_are_not_placed_when_they_do_not_match_the_gap() -> None:
    result = _requests(
        "2019",
        _row("received", ["1", "0", "0", "0", "0", "0", "1"]),
        ["", "2", "0", "0", "0", "0", "0", "2"],
        ["", "4", "0", "0", "0", "0", "0", "4"],  # two rows for the one gap (二): neither is placed
        _row("granted", ["3", "0", "0", "0", "0", "0", "3"]),
    )
    assert "requests.carried_over.total" not in result.values
    assert result.rows_found == ["requests.received", "requests.granted"]


def test_a_misprinted_label_is_an_orphan_placed_by_order() -> None:
    result = _requests(
        "2019",
        _row("received", ["1", "0", "0", "0", "0", "0", "1"]),
        ["二、上年结转申请", "2", "0", "0", "0", "0", "0", "2"],  # a label the catalog does not know
        _row("granted", ["3", "0", "0", "0", "0", "0", "3"]),
    )
    assert result.values["requests.carried_over.total"] == 2


def test_rows_after_the_last_label_fill_only_as_many_as_remain() -> None:
    result = _requests(
        "2019",
        _row("total_handled", ["1", "0", "0", "0", "0", "0", "1"]),
        ["", "5", "0", "0", "0", "0", "0", "5"],
        ["", "6", "0", "0", "0", "0", "0", "6"],  # one row too many: the first is 四, the second dropped
    )
    assert result.values["requests.carried_forward.total"] == 5
    assert result.rows_found == ["requests.total_handled", "requests.carried_forward"]


def test_too_few_rows_after_the_last_label_are_not_placed() -> None:
    result = _requests(
        "2019",
        _row("other", ["1", "0", "0", "0", "0", "0", "1"]),
        ["", "5", "0", "0", "0", "0", "0", "5"],  # two rows remain (（七）, 四), one given: not placed
    )
    assert result.rows_found == ["requests.other"]


def test_orphans_before_the_first_label_are_not_placed() -> None:
    result = _requests(
        "2019",
        ["", "5", "0", "0", "0", "0", "0", "5"],
        _row("carried_over", ["1", "0", "0", "0", "0", "0", "1"]),
    )
    assert result.rows_found == ["requests.carried_over"]


def test_2021_other_with_numbered_sub_rows_is_a_subtotal() -> None:
    result = _requests(
        "2021",
        _row("other", ["1", "0", "0", "0", "0", "0", "1"], "2021"),
        _row("other_no_correction", ["1", "0", "0", "0", "0", "0", "1"], "2021"),
    )
    assert "requests.other.total" not in result.values
    assert result.values["requests.other_no_correction.total"] == 1
    assert result.subtotals["requests.other_sub"]["total"] == 1


def test_2021_other_without_numbers_is_a_heading() -> None:
    result = _requests(
        "2021",
        _row("other", [], "2021"),
        _row("other_misc", ["2", "0", "0", "0", "0", "0", "2"], "2021"),
    )
    assert "requests.other" not in result.rows_found
    assert "requests.other_sub" not in result.subtotals
    assert result.values["requests.other_misc.total"] == 2


def test_2021_other_alone_with_numbers_is_the_single_row() -> None:
    result = _requests("2021", _row("other", ["1", "0", "0", "0", "0", "0", "1"], "2021"))
    assert result.values["requests.other.total"] == 1
    assert result.subtotals == {}
    # 2019: the same row with sub-rows is still （六）
    result = _requests(
        "2019",
        _row("other", ["1", "0", "0", "0", "0", "0", "1"]),
        _row("total_handled", ["1", "0", "0", "0", "0", "0", "1"]),
    )
    assert result.values["requests.other.total"] == 1


def test_2021_a_single_other_row_is_never_placed_by_position() -> None:
    result = _requests(
        "2021",
        _row("not_processed_confirmation", ZERO7, "2021"),
        ["", "1", "0", "0", "0", "0", "0", "1"],
        _row("other_no_correction", ["1", "0", "0", "0", "0", "0", "1"], "2021"),
    )
    assert "requests.other.total" not in result.values
    result = _requests(
        "2019",
        _row("not_processed_confirmation", ZERO7),
        ["", "1", "0", "0", "0", "0", "0", "1"],
        _row("total_handled", ["1", "0", "0", "0", "0", "0", "1"]),
    )
    assert result.values["requests.other.total"] == 1


def test_a_row_that_cannot_be_fitted_is_unaligned() -> None:
    result = _requests("2019", _row("received", ["1", "0", "1"]))
    assert result.unaligned == ["requests.received"]
    assert result.rows_found == ["requests.received"]
    assert "requests.received.total" not in result.values


def test_a_short_row_completed_from_the_narrative_with_a_note() -> None:
    stated = {"requests.received.commercial": (4.0, "企业申请4件")}
    result = _requests("2019", _row("received", ["3", "0", "0", "0", "0", "7"]), stated=stated)
    assert [result.values[f"requests.received.{c}"] for c in ("natural_person", "commercial", "total")] == [
        3,
        4,
        7,
    ]
    assert result.from_narrative == ["requests.received.commercial"]
    assert result.cells["requests.received.commercial"].col is None
    assert result.notes == [
        "表三：“一、本年新收政府信息公开申请数量”一行只印了6个数（应为7个），"
        "“一、本年新收政府信息公开申请数量·商业企业”按正文“企业申请4件”填写，其余按顺序对应"
    ]


def test_the_narrative_is_not_used_when_the_row_sum_or_a_printed_cell_disagrees() -> None:
    # 3 + 5 ≠ 7: the row's own sum rules the only placement out
    stated = {"requests.received.commercial": (5.0, "企业申请5件")}
    result = _requests("2019", _row("received", ["3", "0", "0", "0", "0", "7"]), stated=stated)
    assert result.unaligned == ["requests.received"]
    # two stated cells, one gap: the printed one must equal its statement (3 ≠ 2)
    stated = {
        "requests.received.commercial": (4.0, "企业4件"),
        "requests.received.natural_person": (2.0, "个人2件"),
    }
    result = _requests("2019", _row("received", ["3", "0", "0", "0", "0", "7"]), stated=stated)
    assert result.unaligned == ["requests.received"]
    assert result.notes == []


def test_the_narrative_is_not_used_when_two_placements_fit() -> None:
    stated = {
        "requests.received.commercial": (0.0, "企业0件"),
        "requests.received.research": (0.0, "科研0件"),
    }
    result = _requests("2019", _row("received", ["3", "0", "0", "0", "0", "3"]), stated=stated)
    assert result.unaligned == ["requests.received"]
    assert result.from_narrative == []


def test_an_ocr_cell_with_an_unsure_digit_is_blank_with_its_readings() -> None:
    rows = _rows([_row("received", ["1", "0", "0", "0", "0", "0", "1"])])
    cell, value = rows[0].values[6]
    rows[0].values[6] = (Cell("1", col=cell.col, candidates=("1", "7", "x")), value)
    result = FillResult()
    fill_requests("2019", rows, CATALOG, result)
    assert result.values["requests.received.total"] is None
    assert result.uncertain == {"requests.received.total": [1.0, 7.0]}
    assert result.values["requests.received.research"] == 0


# ---- 表四 ------------------------------------------------------------------------------------------

APPEALS15 = ["1", "0", "0", "0", "1", "0", "2", "0", "0", "2", "0", "0", "3", "0", "3"]


def test_appeals_as_one_row_of_fifteen() -> None:
    result = FillResult()
    fill_appeals(_rows([["行政复议", "行政诉讼"], APPEALS15]), CATALOG, result)
    assert result.values["appeals.review.upheld"] == 1
    assert result.values["appeals.review.total"] == 1
    assert result.values["appeals.suit_direct.corrected"] == 2
    assert result.values["appeals.suit_after_review.other"] == 3
    assert result.values["appeals.suit_after_review.total"] == 3
    assert result.cells["appeals.suit_direct.total"].col == 10
    assert result.rows_found == ["appeals.review", "appeals.suit_direct", "appeals.suit_after_review"]
    assert result.tables_found == ["appeals"]


def test_appeals_the_first_fitting_row_after_table_three() -> None:
    other = ["2", "0", "0", "0", "2", *APPEALS15[5:]]
    rows = _rows([["案件数量", *other], ["复议诉讼", *APPEALS15], ["备注说明", *APPEALS15]])
    result = FillResult(last_requests_order=0)
    fill_appeals(rows, CATALOG, result)
    assert result.values["appeals.review.total"] == 1  # the row after order 0, not the first
    result = FillResult(last_requests_order=5)
    fill_appeals(rows, CATALOG, result)  # none after table three: the first candidate
    assert result.values["appeals.review.total"] == 2


def test_appeals_rows_labelled_otherwise_are_not_candidates() -> None:
    result = FillResult()
    fill_appeals(_rows([["备注说明", *APPEALS15]]), CATALOG, result)
    assert result.tables_found == []
    assert result.values == {}


def test_appeals_one_row_per_group() -> None:
    rows = _rows(
        [
            ["行政复议", "1", "0", "0", "0", "1"],
            ["未经复议直接起诉", "0", "2", "0", "0", "2"],
            ["复议后起诉", "", "", "", "", ""],
        ]
    )
    result = FillResult()
    fill_appeals(rows, CATALOG, result)
    assert result.values["appeals.review.total"] == 1
    assert result.values["appeals.suit_direct.corrected"] == 2
    assert "appeals.suit_after_review" not in result.rows_found  # no number in it
    assert result.tables_found == ["appeals"]


def test_appeals_group_named_by_the_caption_above_its_table() -> None:
    result = FillResult()
    fill_appeals(_rows([["", "1", "0", "0", "0", "1"]], caption="行政复议"), CATALOG, result)
    assert result.values["appeals.review.upheld"] == 1
    assert result.rows_found == ["appeals.review"]


def test_appeals_a_group_seen_twice_keeps_the_first() -> None:
    rows = _rows([["行政复议", "1", "0", "0", "0", "1"], ["行政复议", "2", "0", "0", "0", "2"]])
    result = FillResult()
    fill_appeals(rows, CATALOG, result)
    assert result.values["appeals.review.total"] == 1


def test_appeals_a_short_group_row_from_the_narrative() -> None:
    stated = {"appeals.review.corrected": (1.0, "纠错1件")}
    result = FillResult()
    fill_appeals(_rows([["行政复议", "1", "0", "0", "2"]]), CATALOG, result, stated)
    assert [
        result.values[f"appeals.review.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")
    ] == [1, 1, 0, 0, 2]
    assert result.notes[0].startswith("表四：“行政复议”一行只印了4个数（应为5个）")


# ---- 表二 ------------------------------------------------------------------------------------------


def _proactive(
    template: str, *table: list[str], stated: dict[str, tuple[float, str]] | None = None
) -> FillResult:
    result = FillResult()
    fill_proactive(template, _rows(list(table)), CATALOG, result, stated)
    return result


def test_proactive_rows_by_label_and_variant() -> None:
    result = _proactive(
        "2019",
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "1", "2", "3"],
        ["行政规范性文件", "4", "5", "6"],
        ["行政许可", "7", "-1", "9"],
    )
    assert result.values["proactive.rules.made"] == 1
    assert result.values["proactive.rules.total_published"] == 3
    assert result.values["proactive.normative_documents.published"] == 5
    assert result.values["proactive.licensing.items_change"] == -1
    assert result.rows_found == ["proactive.rules", "proactive.normative_documents", "proactive.licensing"]
    assert result.tables_found == ["proactive"]


def test_proactive_a_long_label_or_a_repeated_row_is_ignored() -> None:
    result = _proactive(
        "2019",
        ["规章", "1", "2", "3"],
        ["规章", "7", "8", "9"],
        ["本机关主动公开政府信息的情况说明如下其中包括规章", "4", "5", "6"],
    )
    assert result.values["proactive.rules.made"] == 1
    assert result.rows_found == ["proactive.rules"]


def test_proactive_nothing_found_no_table() -> None:
    result = _proactive("2019", ["信息内容", "1"])
    assert result.tables_found == []


def test_proactive_rows_that_cannot_be_fitted_are_unaligned() -> None:
    result = _proactive("2021", ["规章", "1", "2", "3", "4"], ["行政许可", "1", "2"], ["行政处罚"])
    assert result.unaligned == ["proactive.rules", "proactive.licensing"]
    assert result.rows_found == ["proactive.rules", "proactive.licensing", "proactive.penalty"]
    assert result.values["proactive.penalty.decisions"] is None
    assert result.tables_found == ["proactive"]


def test_procurement_unit_from_the_cell_or_the_header() -> None:
    result = _proactive("2019", ["政府集中采购", "3", "120.5万元"])
    assert result.values["proactive.procurement.amount"] == 120.5
    assert result.values["proactive.procurement.amount_unit"] == "万元"
    result = _proactive("2019", ["采购项目数量", "采购总金额（单位：元）"], ["政府集中采购", "3", "1200"])
    assert result.values["proactive.procurement.amount_unit"] == "元"
    result = _proactive("2019", ["采购项目数量", "采购总金额"], ["政府集中采购", "3", "1200"])
    assert result.values["proactive.procurement.amount_unit"] is None
    result = _proactive("2019", ["政府集中采购", "3", "1200"])
    assert result.values["proactive.procurement.amount_unit"] is None


def test_procurement_header_unit_only_from_its_own_table() -> None:
    rows = _rows([["采购总金额(万元)"]], [["政府集中采购", "3", "1200"]])
    result = FillResult()
    fill_proactive("2019", rows, CATALOG, result)
    assert result.values["proactive.procurement.amount_unit"] is None
    rows = _rows([["说明"], ["采购总金额 ( 单位: 万元 )"], ["数量"], ["政府集中采购", "3", "1200"]])
    result = FillResult()
    fill_proactive("2019", rows, CATALOG, result)
    assert result.values["proactive.procurement.amount_unit"] == "万元"


def test_proactive_a_short_row_from_the_narrative() -> None:
    stated = {"proactive.rules.repealed": (0.0, "废止规章0件")}
    result = _proactive("2021", ["规章", "2", "5"], stated=stated)
    assert [result.values[f"proactive.rules.{c}"] for c in ("issued", "repealed", "in_force")] == [2, 0, 5]
    assert result.from_narrative == ["proactive.rules.repealed"]
    assert result.notes == [
        "表二：“规章”一行只印了2个数（应为3个），“规章·本年废止件数”按正文“废止规章0件”填写，其余按顺序对应"
    ]


def test_a_short_space_aligned_row_is_placed_under_its_columns() -> None:
    """A text table loses blank cells; the row's numbers go under the columns of a full row of its table."""
    full = ["1", "0", "0", "0", "0", "0", "1"]
    rows = _rows([_row("received", full), _row("carried_over", ["2", "2"])])
    for r in rows:
        for n, (cell, value) in enumerate(r.values):
            r.values[n] = (Cell(cell.text, col=cell.col, x=10 * (n + 1)), value)
    # 二's two numbers sit under 自然人 and 总计
    rows[1].values[1] = (Cell("2", col=2, x=70), rows[1].values[1][1])
    result = FillResult()
    fill_requests("2019", rows, CATALOG, result)
    assert [
        result.values[f"requests.carried_over.{c}"] for c in ("natural_person", "commercial", "total")
    ] == [2, None, 2]
    assert result.unaligned == []


def test_a_bare_group_label_of_four_characters_is_a_subtotal() -> None:
    result = _requests(
        "2019",
        _row("received", ["3", "0", "0", "0", "0", "0", "3"]),
        ["无法提供", "1", "0", "0", "0", "0", "0", "1"],
    )
    assert result.subtotals["requests.unable"]["total"] == 1


def test_rows_without_numbers_are_never_placed_by_order() -> None:
    for between in (
        ["（三）不予公开", "", "", "", "", "", "", ""],
        ["", "", "", "", "", "", "", ""],
        ["二、上年结转申请"],
    ):
        result = _requests(
            "2019",
            _row("received", ["1", "0", "0", "0", "0", "0", "1"]),
            between,
            _row("granted", ["3", "0", "0", "0", "0", "0", "3"]),
        )
        assert result.rows_found == ["requests.received", "requests.granted"], between


def test_2021_other_with_any_numbered_sub_row_is_a_subtotal() -> None:
    for sub in ("other_no_correction", "other_unpaid_fee", "other_misc"):
        result = _requests(
            "2021",
            _row("other", ["1", "0", "0", "0", "0", "0", "1"], "2021"),
            _row(sub, ["1", "0", "0", "0", "0", "0", "1"], "2021"),
        )
        assert "requests.other" not in result.rows_found, sub
        assert result.subtotals["requests.other_sub"]["total"] == 1, sub


def test_orphans_after_an_out_of_order_label_are_still_placed() -> None:
    result = _requests(
        "2019",
        _row("carried_over", ["9", "0", "0", "0", "0", "0", "9"]),
        _row("received", ["1", "0", "0", "0", "0", "0", "1"]),  # before 二 in the template: no gap here
        ["", "3", "0", "0", "0", "0", "0", "3"],
        _row("partially_granted", ZERO7),
    )
    assert result.values["requests.granted.total"] == 3


def test_proactive_header_rows_are_skipped() -> None:
    result = _proactive("2019", ["信息内容：行政许可", "1", "2", "3"], ["行政许可", "4", "0", "5"])
    assert result.values["proactive.licensing.items_last_year"] == 4
