"""Every cell of the real fixture reports equals its hand-checked expected file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.model.compare import compare_cells
from gongkai.readers import read_report

REPORTS = Path(__file__).parent.parent / "fixtures" / "reports"
READ_NOW = [
    "2019/2020-pinghu-emergency.txt",
    "2019/2019-shanghai-govoffice.html",
    "2021/2024-shanghai-stc-converted.txt",
]


def _expected(name: str) -> dict[str, object]:
    path = REPORTS / (name.rsplit(".", 1)[0] + ".expected.json")
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("name", READ_NOW)
def test_every_cell_equals_expected(name: str) -> None:
    report = read_report(REPORTS / name).report
    expected = _expected(name)
    diff = compare_cells(report, expected)
    assert diff.mismatches == []
    # 7 rows × 7 cells of the converted text were placed by template order (see its expected file)
    assert diff.by_identity == (49 if "stc-converted" in name else 0)
    assert diff.total + diff.by_identity >= 199
    assert report.template == expected["template"]
    assert report.year == expected["year"]


def test_reference_example_values() -> None:
    result = read_report(REPORTS / "2019/2020-pinghu-emergency.txt")
    r = result.report
    assert (r.template, r.year, r.agency) == ("2019", 2020, "平湖市应急管理局")
    assert r.title == "平湖市应急管理局 2020 年度政府信息公开工作年度报告"
    assert r.get("proactive.licensing.items_last_year") == 133
    assert r.get("proactive.licensing.items_change") == -24
    assert r.get("proactive.licensing.decisions") == 109
    assert (r.get("proactive.penalty.items_last_year"), r.get("proactive.penalty.items_change")) == (71, -14)
    assert r.get("proactive.penalty.decisions") == 85
    assert r.get("proactive.procurement.projects") == 16
    assert r.get("proactive.procurement.amount") == 6776647.8
    assert r.get("proactive.procurement.amount_unit") == "元"
    assert all(v == 0 for p, v in r.iter_cells() if p.startswith(("requests.", "appeals.")))
    assert r.sections.overview is not None and "全年无依申请公开情况" in r.sections.overview
    assert r.sections.other == "无"
    # the flattened merged cell of （六）其他处理 printed 8 zeros: the row still has exactly its 7 columns
    assert r.cells is not None and r.cells["requests.other.total"].line == 68


def test_shanghai_blank_cells_are_null_not_zero() -> None:
    r = read_report(REPORTS / "2019/2019-shanghai-govoffice.html").report
    assert r.get("requests.received.research") is None
    assert r.get("requests.granted.total") is None  # the whole 总计 column of 三（一）–（六） is blank
    assert r.get("requests.received.total") == 859
    assert r.get("requests.total_handled.total") == 805
    assert r.get("appeals.review.pending") == 2
    assert r.get("appeals.suit_after_review.total") is None
    assert r.get("proactive.procurement.amount") == 251000
    assert r.get("proactive.procurement.amount_unit") == "元"


def test_detached_labels_placed_by_template_order() -> None:
    """The 上海科委 text lost the labels of several 表三 rows; they are placed between labelled rows."""
    r = read_report(REPORTS / "2021/2024-shanghai-stc-converted.txt").report
    assert r.template == "2021"
    assert r.get("requests.partially_granted.total") == 0
    assert r.get("requests.refused_internal_affairs.total") == 1
    assert r.get("requests.unable_not_held.total") == 4
    assert r.get("requests.unable_needs_creation.total") == 6
    assert r.get("requests.other_no_correction.natural_person") == 8
    assert r.get("requests.other_no_correction.total") == 10
    assert r.get("requests.other_misc.total") == 4
    assert r.get("requests.carried_forward.total") is None  # printed blank
    assert r.get("requests.other.total") is None  # not the hybrid layout
    assert r.get("proactive.licensing.decisions") == 97
    assert r.get("proactive.normative_documents.in_force") == 55
    assert r.get("appeals.review.upheld") == 1


def _all_fixtures() -> list[Path]:
    return sorted(
        next(q for q in p.parent.glob(p.name.removesuffix(".expected.json") + ".*") if q.suffix != ".json")
        for p in REPORTS.rglob("*.expected.json")
    )


POOL = [*_all_fixtures(), *sorted(REPORTS.rglob("*.report.json"))]


@pytest.mark.parametrize("source", _all_fixtures(), ids=lambda p: p.name)
def test_every_fixture_read_with_its_neighbours_equals_expected(source: Path) -> None:
    """As bench/accuracy.py reads them: each fixture with the other fixtures (and kept JSON reports) of the
    same agency and adjacent years. Cells listed as unrecoverable come back blank, their true value among
    the candidates; every other cell equals the published page."""
    from gongkai.read import read_with_neighbours

    report, facts = read_with_neighbours(source, POOL)
    expected = _expected(str(source.relative_to(REPORTS)))
    diff = compare_cells(report, expected)
    assert diff.mismatches == []
    truth = expected.get("truth") or {}
    assert isinstance(truth, dict)
    for path, value in truth.items():
        assert facts is not None and value in facts.ambiguous_cells[path], path


def test_a_section_ends_where_the_site_footer_starts() -> None:
    # the real 2024 平潭 page: after 六 come 附件下载, 扫一扫…, links to other sites, 版权所有 …
    report = read_report(REPORTS / "2021/2024-pingtan-page.html").report
    assert report.sections.other == "2024年，无收取信息处理费情况。"
