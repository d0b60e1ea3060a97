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
