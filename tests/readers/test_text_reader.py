"""The text reader on the layouts real text copies have."""

from __future__ import annotations

from gongkai.readers import read_bytes

ROWS_2021 = [
    ("一、本年新收政府信息公开申请数量", [64, 0, 0, 2, 0, 4, 70]),
    ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1]),
    ("（一）予以公开", [30, 0, 0, 1, 0, 2, 33]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [5, 0, 0, 0, 0, 0, 5]),
    ("1.属于国家秘密", [0] * 7),
    ("2.其他法律行政法规禁止公开", [0] * 7),
    ("3.危及“三安全一稳定”", [0] * 7),
    ("4.保护第三方合法权益", [1, 0, 0, 0, 0, 0, 1]),
    ("5.属于三类内部事务信息", [0] * 7),
    ("6.属于四类过程性信息", [0] * 7),
    ("7.属于行政执法案卷", [0] * 7),
    ("8.属于行政查询事项", [0] * 7),
    ("1.本机关不掌握相关政府信息", [20, 0, 0, 1, 0, 2, 23]),
    ("2.没有现成信息需要另行制作", [0] * 7),
    ("3.补正后申请内容仍不明确", [0] * 7),
    ("1.信访举报投诉类申请", [3, 0, 0, 0, 0, 0, 3]),
    ("2.重复申请", [0] * 7),
    ("3.要求提供公开出版物", [0] * 7),
    ("4.无正当理由大量反复申请", [0] * 7),
    ("5.要求行政机关确认或重新出具已获取信息", [0] * 7),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [2, 0, 0, 0, 0, 0, 2]),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0] * 7),
    ("3.其他", [3, 0, 0, 0, 0, 0, 3]),
    ("（七）总计", [64, 0, 0, 2, 0, 4, 70]),
    ("四、结转下年度继续办理", [1, 0, 0, 0, 0, 0, 1]),
]

HEAD = "某某县司法局2022年政府信息公开工作年度报告\n\n本报告统计期限为2022年1月1日至2022年12月31日。\n\n一、总体情况\n\n全年收到申请70件。\n\n"


def _doc(table3: str, table4: str = "", table2: str = "") -> bytes:
    return (
        HEAD
        + "二、主动公开政府信息情况\n"
        + table2
        + "\n三、收到和处理政府信息公开申请情况\n"
        + table3
        + "\n四、政府信息公开行政复议、行政诉讼情况\n"
        + table4
        + "\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n未收取信息处理费。\n"
    ).encode()


def _check_rows(data: bytes) -> None:
    r = read_bytes(data, name="t.txt").report
    assert (r.template, r.year, r.agency) == ("2021", 2022, "某某县司法局")
    keys = [k for k in type(r.requests).model_fields if k != "other"]
    for key, (_, values) in zip(keys, ROWS_2021, strict=True):
        assert list(r.get(f"requests.{key}").model_dump().values()) == values, key


def test_markdown_pipe_table() -> None:
    lines = [
        "| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [f"| {label} | " + " | ".join(map(str, v)) + " |" for label, v in ROWS_2021]
    _check_rows(_doc("\n".join(lines) + "\n"))


def test_space_aligned_columns_like_pdftotext_layout() -> None:
    lines = [f"{label:<40}" + "".join(f"{x:>8}" for x in v) for label, v in ROWS_2021]
    _check_rows(_doc("\n".join(lines) + "\n"))


def test_labels_and_values_on_separate_lines() -> None:
    lines = []
    for label, v in ROWS_2021:
        lines.append(label)
        lines.extend(str(x) for x in v)
    _check_rows(_doc("\n".join(lines) + "\n"))


def test_space_aligned_row_with_blank_cells_is_placed_by_column() -> None:
    rows = [(label, [str(x) for x in v]) for label, v in ROWS_2021]
    rows[1] = (rows[1][0], ["1", "", "", "", "", "", "1"])  # blanks lost in the text: only 2 numbers remain
    lines = [f"{label:<40}" + "".join(f"{x:>8}" for x in v) for label, v in rows]
    r = read_bytes(_doc("\n".join(lines) + "\n"), name="t.txt").report
    assert list(r.requests.carried_over.model_dump().values()) == [1, None, None, None, None, None, 1]


def test_full_width_digits_and_blank_markers() -> None:
    rows = ["\t".join([label, *map(str, v)]) for label, v in ROWS_2021]
    rows[0] = "一、本年新收政府信息公开申请数量\t６４\t/\t—\t２\t-\t４\t７０"
    r = read_bytes(_doc("\n".join(rows) + "\n"), name="t.txt").report
    assert list(r.requests.received.model_dump().values()) == [64, None, None, 2, None, 4, 70]


def test_table4_and_table2_2021() -> None:
    t2 = (
        "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n"
        "行政规范性文件\t3\t1\t12\n第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t１２０\n"
        "第二十条第（六）项\n行政处罚\t45\n行政强制\t/\n第二十条第（八）项\n行政事业性收费\t0.35\n"
    )
    t4 = "0 1 0 0 1 0 0 0 2 2 0 0 0 0 0\n"
    rows = "\n".join("\t".join([label, *map(str, v)]) for label, v in ROWS_2021)
    r = read_bytes(_doc(rows + "\n", t4, t2), name="t.txt").report
    assert r.proactive.model_dump() == {
        "rules": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 3, "repealed": 1, "in_force": 12},
        "licensing": {"decisions": 120},
        "penalty": {"decisions": 45},
        "coercion": {"decisions": None},
        "fees": {"amount": 0.35},
    }
    assert r.appeals.model_dump() == {
        "review": {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1},
        "suit_direct": {"upheld": 0, "corrected": 0, "other": 0, "pending": 2, "total": 2},
        "suit_after_review": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0},
    }


def test_hybrid_single_other_row_in_2021_layout() -> None:
    rows = [(label, v) for label, v in ROWS_2021 if not label.startswith(("1.申请人", "2.申请人", "3.其他"))]
    idx = next(i for i, (label, _) in enumerate(rows) if label.startswith("5.要求"))
    rows.insert(idx + 1, ("（六）其他处理", [5, 0, 0, 0, 0, 0, 5]))
    text = "\n".join("\t".join([label, *map(str, v)]) for label, v in rows) + "\n"
    r = read_bytes(
        _doc(text).replace("未收取信息处理费".encode(), "本年度逾期不补正的申请不再处理".encode()),
        name="t.txt",
    ).report
    assert r.template == "2021"
    assert r.get("requests.other.total") == 5
    assert r.get("requests.other_misc.total") is None
    assert r.single_other_row


def test_non_official_subtotal_column_is_dropped_not_misread() -> None:
    """Some templates add 法人或其他组织·小计 before 总计: 8 numbers a row; the subtotal is not a model cell."""
    rows = []
    for label, v in ROWS_2021:
        subtotal = sum(v[1:6])
        rows.append("\t".join([label, *map(str, v[:6]), str(subtotal), str(v[6])]))
    r = read_bytes(_doc("\n".join(rows) + "\n"), name="t.txt").report
    assert list(r.requests.received.model_dump().values()) == [64, 0, 0, 2, 0, 4, 70]
    assert list(r.requests.granted.model_dump().values()) == [30, 0, 0, 1, 0, 2, 33]


def test_eight_values_that_fit_no_known_layout_are_not_guessed() -> None:
    rows = ["\t".join([label, *map(str, v)]) for label, v in ROWS_2021]
    rows[0] = "一、本年新收政府信息公开申请数量\t9\t64\t0\t0\t2\t0\t4\t70"
    result = read_bytes(_doc("\n".join(rows) + "\n"), name="t.txt")
    assert result.report.requests.received.total is None
    assert "requests.received" in result.facts.unaligned_rows
