"""`gongkai check` on the real fixture reports finds what the reports really contain, and nothing spurious."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gongkai.cli import _register, app

REPORTS = Path(__file__).parent.parent / "fixtures" / "reports"
_register()
runner = CliRunner()


def _findings(name: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["check", "--format", "json", str(REPORTS / name)])
    assert result.exit_code in (0, 1), result.output
    findings: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return findings


def test_reference_example_is_clean() -> None:
    assert _findings("2019/2020-pinghu-emergency.txt") == []


def test_hongze_2023_pdf_table4_totals_and_hybrid_layout() -> None:
    findings = _findings("2021/2023-hongze-district.pdf")
    errors = [f for f in findings if f["severity"] == "error"]
    assert [(f["code"], f["paths"][0]) for f in errors] == [  # type: ignore[index]
        ("F101", "requests.other"),
        ("T401", "appeals.review.total"),
        ("T401", "appeals.suit_after_review.total"),
    ]
    assert findings == errors  # nothing else
    t401 = {f["paths"][0]: f for f in errors if f["code"] == "T401"}  # type: ignore[index]
    assert t401["appeals.review.total"]["expected"] == 11 and t401["appeals.review.total"]["found"] == 0
    assert t401["appeals.suit_after_review.total"]["expected"] == 5


def test_pingtan_2019_crawled_nothing_spurious() -> None:
    findings = _findings("2019/2019-pingtan-crawled.txt")
    # only the undecidable run-together cells of 表二, and how each table was read
    assert {f["code"] for f in findings} == {"F107", "F108"}
    assert {f["severity"] for f in findings if f["code"] == "F107"} == {"warning"}
    notes = [f["message"] for f in findings if f["code"] == "F108"]
    assert len(notes) == 3 and any("表三" in n and "23行中23行唯一确定" in n for n in notes)


def test_pingtan_2022_crawled_is_clean() -> None:
    findings = _findings("2021/2022-pingtan-crawled.txt")
    assert {(f["code"], f["severity"]) for f in findings} == {("F108", "info")}  # how the split was decided


def test_shanghai_2019_narrative_and_table4() -> None:
    findings = _findings("2019/2019-shanghai-govoffice.html")
    assert not [f for f in findings if f["severity"] == "error"]
    messages = " ".join(str(f["message"]) for f in findings)
    assert "予以公开及部分公开 258 件" in messages and "275" in messages
    assert any(f["code"] == "N507" for f in findings)  # 均获维持 vs 尚未审结 2 and 1


def test_stc_2024_blank_total_is_a_blank_finding_not_a_sum_error() -> None:
    findings = _findings("2021/2024-shanghai-stc-converted.txt")
    codes = {f["code"] for f in findings}
    assert "T301" not in codes and "T302" not in codes
    blank = [f for f in findings if f["code"] == "T304"]
    assert [f["paths"] for f in blank] == [["requests.carried_forward.total"]]


def test_pingtan_2019_read_with_the_2020_web_page_leaves_only_procurement_open() -> None:
    result = runner.invoke(
        app,
        [
            "check",
            "--format",
            "json",
            str(REPORTS / "2019/2019-pingtan-crawled.txt"),
            "--with",
            str(REPORTS / "2019/2020-pingtan-page.report.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    assert sorted(f["paths"][0] for f in findings if f["code"] == "F107") == [
        "proactive.normative_documents.made",
        "proactive.normative_documents.published",
        "proactive.procurement.amount",
        "proactive.procurement.projects",
    ]
    assert {f["code"] for f in findings} == {"F107", "F108"}
    assert any("结合2020年的报告" in f["message"] and "15个单元格唯一确定" in f["message"] for f in findings)


def test_parse_with_a_neighbour_fills_table_2_and_prints_only_the_report_asked_for() -> None:
    result = runner.invoke(
        app,
        [
            "parse",
            str(REPORTS / "2019/2019-pingtan-crawled.txt"),
            "--with",
            str(REPORTS / "2019/2020-pingtan-page.report.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["year"] == 2019
    assert report["proactive"]["licensing"] == {"items_last_year": 396, "items_change": 0, "decisions": 181}
    assert report["proactive"]["coercion"] == {"items_last_year": 126, "items_change": 0, "decisions": 25}


def test_a_neighbour_of_another_agency_is_named_and_not_used() -> None:
    result = runner.invoke(
        app,
        [
            "parse",
            str(REPORTS / "2019/2019-pingtan-crawled.txt"),
            "--with",
            str(REPORTS / "2019/2020-pinghu-emergency.txt"),
        ],
    )
    assert result.exit_code == 0
    assert (
        "2020-pinghu-emergency.txt: 提示：平湖市应急管理局 2020 年度的报告与所读报告不是同一机关的相邻年度"
        in (result.stderr)
    )
    assert json.loads(result.stdout)["proactive"]["licensing"]["items_last_year"] is None


def test_two_years_checked_together_decide_each_other_and_2020_keeps_its_own_errors() -> None:
    result = runner.invoke(
        app,
        [
            "check",
            "--format",
            "json",
            str(REPORTS / "2019/2019-pingtan-crawled.txt"),
            str(REPORTS / "2019/2020-pingtan-crawled.txt"),
        ],
    )
    assert result.exit_code == 1  # 2020's own 表三 error
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    by_year = {d["year"]: d["findings"] for d in docs}
    open_2019 = sorted(f["paths"][0] for f in by_year[2019] if f["code"] == "F107")
    assert open_2019 == [
        "proactive.coercion.decisions",
        "proactive.coercion.items_change",
        "proactive.coercion.items_last_year",
        "proactive.normative_documents.made",
        "proactive.normative_documents.published",
        "proactive.procurement.amount",
        "proactive.procurement.projects",
    ]
    t303 = [f for f in by_year[2020] if f["code"] == "T303"]
    assert [(f["expected"], f["found"]) for f in t303] == [(26, 20), (27, 21)]


def test_a_file_named_twice_is_read_once() -> None:
    # 2023 and 2024 do not fit each other's 现行有效件数: one note saying so, not one per copy of 2023
    y2023 = str(REPORTS / "2021/2023-pingtan-crawled.txt")
    args = ["check", "--format", "json", str(REPORTS / "2021/2024-pingtan-crawled.txt"), y2023]
    result = runner.invoke(app, [*args, "--with", y2023, "--with", y2023])
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["year"] for d in docs] == [2024, 2023]
    notes_2024 = [f["message"] for f in docs[0]["findings"] if "结合2023年" in f["message"]]
    assert len(notes_2024) == 1 and "与该报告对不上" in notes_2024[0]


def test_previous_across_the_template_change_is_not_named_as_unused() -> None:
    result = runner.invoke(
        app,
        [
            "check",
            "--previous",
            str(REPORTS / "2019/2020-pingtan-crawled.txt"),
            str(REPORTS / "2021/2021-pingtan-crawled.txt"),
        ],
    )
    assert result.exit_code in (0, 1)
    assert "提示" not in result.stderr


def test_a_chain_of_with_reports_is_used_along_the_chain() -> None:
    result = runner.invoke(
        app,
        [
            "parse",
            str(REPORTS / "2021/2021-pingtan-crawled.txt"),
            "--with",
            str(REPORTS / "2021/2022-pingtan-crawled.txt"),
            "--with",
            str(REPORTS / "2021/2023-pingtan-crawled.txt"),
            "--with",
            str(REPORTS / "2019/2020-pinghu-emergency.txt"),
        ],
    )
    assert result.exit_code == 0
    assert "2023-pingtan-crawled.txt: 提示" not in result.stderr  # linked through 2022
    assert "2020-pinghu-emergency.txt: 提示" in result.stderr  # another agency
    assert json.loads(result.stdout)["proactive"]["normative_documents"]["in_force"] == 665
