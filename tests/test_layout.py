"""The official layout has one home (:mod:`gongkai.layout`): a label changed in the catalog changes the
rendered DOCX, the checker's message and the web table together."""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
import pytest

from gongkai import catalog, layout
from gongkai.check import check_report
from gongkai.renderers import render_report
from gongkai_web.reports.layout import report_tables
from strategies import valid_report

OFFICIAL = "属于国家秘密"
RENAMED = "属于绝密信息"


def _clear_caches() -> None:
    for module in (catalog, layout):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def _shown(label: str) -> dict[str, bool]:
    """Where ``1.{label}`` appears: the rendered DOCX, T304's message, the web table."""
    report = valid_report("2021")
    report.set("requests.refused_state_secret.natural_person", -1)
    document = docx.Document(io.BytesIO(render_report(report, "docx")))
    in_docx = any(c.text == f"1.{label}" for t in document.tables for row in t.rows for c in row.cells)
    messages = [f.message for f in check_report(report) if f.code == "T304"]
    web = [row.label for table in report_tables(report) for row in table.rows]
    return {
        "docx": in_docx,
        "message": any(f"三（三）1.{label}" in m for m in messages),
        "web": f"1.{label}" in web,
    }


@pytest.fixture
def renamed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    text = catalog._labels_text()
    changed = text.replace(f"label: {OFFICIAL},", f"label: {RENAMED},")
    assert changed.count(RENAMED) == 1
    monkeypatch.setattr(catalog, "_labels_text", lambda: changed)
    _clear_caches()
    yield
    monkeypatch.undo()
    _clear_caches()


def test_the_official_label_is_shown_everywhere() -> None:
    assert _shown(OFFICIAL) == {"docx": True, "message": True, "web": True}


def test_a_label_changed_in_the_catalog_changes_docx_message_and_web_table(renamed: None) -> None:
    assert _shown(RENAMED) == {"docx": True, "message": True, "web": True}
    assert _shown(OFFICIAL) == {"docx": False, "message": False, "web": False}


@pytest.mark.parametrize(
    ("year", "template"), [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2024, "2021")]
)
def test_template_for_year(year: int, template: str) -> None:
    assert layout.template_for_year(year) == template


def test_printed_rows_of_each_template() -> None:
    rows_2019 = layout.request_rows("2019")
    rows_2021 = layout.request_rows("2021")
    assert len(rows_2019) == 23 and len(rows_2021) == 25
    assert [r.key for r in layout.request_rows("2021", single_other=True)] == [r.key for r in rows_2019]
    row = layout.request_row("not_processed_repeated")
    assert (row.path, row.number, row.outline, row.level, row.group) == (
        "requests.not_processed_repeated",
        "2.",
        "三（五）2.",
        2,
        "not_processed",
    )
    assert row.printed == "2.重复申请" and row.message == "三（五）2.重复申请"
    assert layout.request_row("partially_granted").message == "三（二）部分公开"
    assert layout.request_row("received").printed == "一、本年新收政府信息公开申请数量"
    assert layout.group("results").heading == "三、本年度办理结果"
    assert layout.group("refused").heading == "（三）不予公开"
    assert layout.counted_in("other_misc", "2019") == "other"
    assert layout.counted_in("other_misc", "2021") == "other_misc"


def test_titles_and_headings() -> None:
    assert layout.title("某某局", 2024) == "某某局2024年政府信息公开工作年度报告"
    assert layout.report_title("某某局", 2024) == "某某局2024年度政府信息公开工作年度报告"
    assert layout.report_title("某某局", 2024, "自拟标题") == "自拟标题"
    assert layout.section_heading("problems") == "五、存在的主要问题及改进情况"
    assert layout.appeal_group_heading("suit_direct") == "行政诉讼·未经复议直接起诉"
    assert layout.request_column_heading("commercial") == "法人或其他组织·商业企业"
