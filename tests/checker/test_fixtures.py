"""The checker on the real fixture reports: the errors they really contain, and nothing spurious."""

from __future__ import annotations

import lxml.html
import pytest

from gongkai.check import check_report
from gongkai.checker import Severity
from gongkai.model.facts import DocumentFacts
from strategies import fixture_path, fixture_report

FIXTURES = [
    "2019-pingtan-crawled",
    "2019-shanghai-govoffice",
    "2020-pinghu-emergency",
    "2021-pingtan-crawled",
    "2022-pingtan-crawled",
    "2023-pingtan-crawled",
    "2024-pingtan-crawled",
    "2025-pingtan-crawled",
    "2024-shanghai-stc-converted",
]
SUM_RULES = {"T301", "T302", "T303", "T306", "T401"}


def source_text(name: str) -> str:
    for suffix in (".txt", ".html"):
        try:
            path = fixture_path(name, suffix)
        except AssertionError:
            continue
        text = path.read_text(encoding="utf-8")
        return lxml.html.fromstring(text).text_content() if suffix == ".html" else text
    raise AssertionError(name)


@pytest.mark.parametrize("name", FIXTURES)
def test_no_fixture_has_a_sum_error(name: str) -> None:
    findings = check_report(fixture_report(name))
    assert not [f for f in findings if f.code in SUM_RULES]
    assert not [f for f in findings if f.severity is Severity.ERROR]


def test_pinghu_reference_example_is_clean() -> None:
    report = fixture_report("2020-pinghu-emergency")
    assert check_report(report) == []
    # Its text says "全年无依申请公开情况" and 表三 is all zero: N508 agrees.
    facts = DocumentFacts(full_text=source_text("2020-pinghu-emergency"))
    assert not [f for f in check_report(report, facts=facts) if f.code.startswith("N")]


def test_shanghai_2019_blanks_are_warnings_not_sum_errors() -> None:
    findings = check_report(fixture_report("2019-shanghai-govoffice"))
    assert {f.code for f in findings} == {"T304", "T402"}
    assert all(f.severity is Severity.WARNING for f in findings)
    blank_rows = {f.paths[0].rsplit(".", 1)[0] for f in findings if f.code == "T304"}
    assert len(blank_rows) == 23  # every 表三 row has at least one blank cell
    [granted] = [f for f in findings if f.code == "T304" and f.paths[0].startswith("requests.granted.")]
    assert granted.paths == (
        "requests.granted.research",
        "requests.granted.social_welfare",
        "requests.granted.total",
    )


def test_shanghai_2019_narrative_contradicts_the_tables() -> None:
    report = fixture_report("2019-shanghai-govoffice")
    report.sections.overview = "予以公开及部分公开258件，占33.9%。信息公开类行政复议7件，诉讼9件，均获维持。"
    findings = [f for f in check_report(report) if f.code.startswith("N")]
    by_code = {f.code: f for f in findings}
    assert set(by_code) == {"N505", "N507"}
    assert (by_code["N505"].expected, by_code["N505"].found) == (275, 258)
    assert by_code["N505"].paths == ("requests.granted.total", "requests.partially_granted.total")
    assert by_code["N507"].paths == ("appeals.review.pending", "appeals.suit_direct.pending")
    assert by_code["N507"].found == 3
    assert "尚未审结" in by_code["N507"].message


def test_shanghai_2019_whole_page_text() -> None:
    """From the whole page: the two contradictions above, plus 无法提供 265 (only 三（四）1) where Σ三（四）
    is 337."""
    report = fixture_report("2019-shanghai-govoffice")
    facts = DocumentFacts(full_text=source_text("2019-shanghai-govoffice"))
    findings = [f for f in check_report(report, facts=facts) if f.code.startswith("N")]
    got = sorted((f.code, f.expected, f.found) for f in findings)
    assert got == [("N505", 275, 258), ("N505", 337, 265), ("N507", 0, 3)]


def test_stc_2024_blank_carried_forward_total() -> None:
    report = fixture_report("2024-shanghai-stc-converted")
    findings = check_report(report)
    assert [(f.code, f.paths, f.severity) for f in findings] == [
        ("T304", ("requests.carried_forward.total",), Severity.WARNING)
    ]
    report.set("requests.carried_forward.total", 1)
    assert check_report(report) == []


@pytest.mark.parametrize("name", [n for n in FIXTURES if n != "2019-shanghai-govoffice"])
def test_fixture_texts_give_no_narrative_findings(name: str) -> None:
    """The narratives of these reports agree with their tables: every narrative finding would be spurious."""
    facts = DocumentFacts(full_text=source_text(name))
    findings = check_report(fixture_report(name), facts=facts)
    assert not [f for f in findings if f.code.startswith("N")], [f.message for f in findings]
