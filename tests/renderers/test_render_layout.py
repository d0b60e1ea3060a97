"""The official layout in every format: the merged cells of the blank template, blanks printed blank, fonts,
page numbers, repeated header rows, accessible HTML tables, numbers as numbers in Excel."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from gongkai.layout import header, report_title
from gongkai.model.report import Report, Report2021
from gongkai.renderers import FORMATS, UnknownRenderFormat, render_report
from gongkai.renderers.grid import format_number
from strategies import fixture_report, valid_report
from system_packages import require

# The official blank template, committed as a fixture (tests/fixtures/reports/SOURCES.md gives its origin and hash).
TEMPLATE_2021 = Path(__file__).parents[1] / "fixtures" / "templates" / "template-2021-blank.docx"


def _structure(data: bytes | Path) -> list[list[list[tuple[int, str | None]]]]:
    """Each table → each row → each cell as (gridSpan, vMerge)."""
    document = docx.Document(io.BytesIO(data) if isinstance(data, bytes) else str(data))
    out = []
    for tbl in document.element.body.iter(qn("w:tbl")):
        rows = []
        for tr in tbl.tr_lst:
            cells = []
            for tc in tr.tc_lst:
                pr = tc.tcPr
                span = pr.gridSpan.val if pr is not None and pr.gridSpan is not None else 1
                vm = pr.vMerge.val if pr is not None and pr.vMerge is not None else None
                cells.append((span, vm))
            rows.append(cells)
        out.append(rows)
    return out


def _hybrid() -> Report:
    r = valid_report("2021")
    assert isinstance(r, Report2021)
    for key in ("other_no_correction", "other_unpaid_fee", "other_misc"):
        for col in type(r.requests.other).model_fields:
            r.set(f"requests.{key}.{col}", None)
    r.set("requests.other.natural_person", 1)
    r.set("requests.other.total", 1)
    assert r.single_other_row
    return r


# ---- DOCX --------------------------------------------------------------------------------------------------


def test_docx_2021_tables_have_exactly_the_merged_cells_of_the_official_template() -> None:
    expected = _structure(TEMPLATE_2021)
    got = _structure(render_report(valid_report("2021"), "docx"))
    assert len(got) == 3
    assert got == expected


def test_docx_2019_tables_follow_the_2019_layout() -> None:
    proactive, requests, appeals = _structure(render_report(valid_report("2019"), "docx"))
    # 表二: five 第二十条 blocks; 第（八）/（九）项 have two values, the second spanning two grid columns
    assert len(proactive) == 18
    assert proactive[0] == [(4, None)]
    assert proactive[12:15] == [
        [(4, None)],
        [(1, None), (1, None), (2, None)],
        [(1, None), (1, None), (2, None)],
    ]
    assert proactive[7] == [(1, None)] * 4  # 其他对外管理服务事项: three separate values
    assert proactive[15:18] == [
        [(4, None)],
        [(1, None), (1, None), (2, None)],
        [(1, None), (1, None), (2, None)],
    ]
    # 表三: 3 header rows + 23 data rows; （六）其他处理 is one row spanning the two inner label columns
    assert len(requests) == 26
    assert requests[5][0] == (1, "restart")  # 三、本年度办理结果 spans its outcome rows
    assert requests[23] == [(1, "continue"), (2, None)] + [(1, None)] * 7  # （六）其他处理
    assert requests[24] == [(1, "continue"), (2, None)] + [(1, None)] * 7  # （七）总计
    assert requests[25] == [(3, None)] + [(1, None)] * 7  # 四、结转下年度继续办理
    assert len(appeals) == 4 and len(appeals[3]) == 15


def test_docx_hybrid_prints_one_other_row_in_the_2021_table() -> None:
    _, requests, _ = _structure(render_report(_hybrid(), "docx"))
    assert len(requests) == 26  # 3 header rows + 23: the three （六） sub-rows folded into one
    assert requests[23] == [(1, "continue"), (2, None)] + [(1, None)] * 7
    text = render_report(_hybrid(), "txt").decode()
    assert "（六）其他处理\t\t1\t" in text
    assert "申请人无正当理由逾期不补正" not in text
    assert "本年制发件数" in text


def test_docx_page_fonts_footer_and_repeated_headers() -> None:
    data = render_report(fixture_report("2020-pinghu-emergency"), "docx")
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and 'w:fldCharType="begin"' in footer_xml
    fonts = {
        name: document.styles[name].element.rPr.rFonts.get(qn("w:eastAsia"))
        for name in ("GkTitle", "GkHeading", "GkBody", "GkCell")
    }
    assert fonts == {
        "GkTitle": "方正小标宋简体",
        "GkHeading": "黑体",
        "GkBody": "仿宋_GB2312",
        "GkCell": "宋体",
    }
    font_table = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode()
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="Noto Serif CJK SC"/>', font_table)
    assert re.search(r'w:name="黑体"><w:altName w:val="Noto Sans CJK SC"/>', font_table)
    tables = list(document.element.body.iter(qn("w:tbl")))
    header_rows = [
        sum(1 for tr in t.tr_lst if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None)
        for t in tables
    ]
    assert header_rows == [0, 3, 3]
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "GkHeading"]
    assert headings == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
    ]  # fmt: skip


def test_docx_prints_the_narrative_and_the_reference_values() -> None:
    r = fixture_report("2020-pinghu-emergency")
    r.title = "平湖市应急管理局 2020 年度政府信息公开工作年度报告"
    r.sections.overview = "第一段。\n（一）主动公开情况。第二段。"
    document = docx.Document(io.BytesIO(render_report(r, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == r.title
    assert texts[2:4] == ["第一段。", "（一）主动公开情况。第二段。"]
    proactive = document.tables[0]
    assert [c.text for c in proactive.rows[17].cells] == [
        "政府集中采购",
        "16",
        "6776647.8（单位：元）",
        "6776647.8（单位：元）",
    ]


# ---- blanks ------------------------------------------------------------------------------------------------


RULES_SECOND = {"2019": "1", "2021": "0"}  # 规章: 本年新公开数量 (2019) / 本年废止件数 (2021) of valid_report


def _with_blanks(template: str) -> Report:
    r = valid_report(template)
    r.set("requests.received.research", None)
    r.set("appeals.review.pending", None)
    r.set("proactive.rules." + ("made" if template == "2019" else "issued"), None)
    return r


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_blank_cells_render_blank_in_text_markdown_html(template: str) -> None:
    r = _with_blanks(template)
    txt = render_report(r, "txt").decode()
    assert "一、本年新收政府信息公开申请数量\t\t\t10\t3\t\t0\t0\t0\t13\n" in txt
    assert "\n1\t1\t0\t\t3\t1\t" in txt  # 表四: 尚未审结 of 行政复议 blank, 总计 as given
    assert f"\n规章\t\t{RULES_SECOND[template]}\t10\n" in txt
    md = render_report(r, "md").decode()
    assert "| 一、本年新收政府信息公开申请数量 |  |  | 10 | 3 |  | 0 | 0 | 0 | 13 |" in md
    html = render_report(r, "html").decode()
    assert '<td headers="t3-rapp t3-rorg t3-rc2 t3-rreceived"></td>' in html
    assert '<td headers="t4-areview t4-areview3"></td>' in html


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_blank_cells_render_blank_in_docx(template: str) -> None:
    document = docx.Document(io.BytesIO(render_report(_with_blanks(template), "docx")))
    requests = document.tables[1]
    assert [c.text for c in requests.rows[3].cells][3:] == ["10", "3", "", "0", "0", "0", "13"]
    appeals = document.tables[2]
    assert [c.text for c in appeals.rows[3].cells][:5] == ["1", "1", "0", "", "3"]
    assert [c.text for c in document.tables[0].rows[2].cells] == ["规章", "", RULES_SECOND[template], "10"]


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_blank_cells_render_blank_and_numbers_as_numbers_in_xlsx(template: str) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(render_report(_with_blanks(template), "xlsx")))
    assert wb.sheetnames == [
        "一、总体情况",
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    r = _with_blanks(template)
    assert wb["一、总体情况"]["A1"].value == report_title(r.agency, r.year, r.title)
    requests = wb["收到和处理政府信息公开申请情况"]
    assert [c.value for c in requests[6]][3:] == [10, 3, None, 0, 0, 0, 13]
    assert all(isinstance(c.value, int) for c in requests[6][3:] if c.value is not None)
    appeals = wb["政府信息公开行政复议、行政诉讼情况"]
    assert [c.value for c in appeals[6]][:5] == [1, 1, 0, None, 3]
    second = int(RULES_SECOND[template])
    assert [c.value for c in wb["主动公开政府信息情况"][5]] == ["规章", None, second, 10]


@pytest.mark.slow
def test_blank_cells_render_blank_in_pdf() -> None:
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler)", "apt-get install poppler-utils")
    pdf = render_report(_with_blanks("2021"), "pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    line = next(ln for ln in text.decode().splitlines() if "一、本年新收政府信息公开申请数量" in ln)
    assert line.split()[1:] == ["10", "3", "0", "0", "0", "13"]  # six numbers: the blank cell stays blank


# ---- HTML --------------------------------------------------------------------------------------------------


def test_html_is_self_contained_and_accessible() -> None:
    html = render_report(valid_report("2021"), "html").decode()
    assert "<script" not in html and "http://" not in html and "https://" not in html and "<link" not in html
    assert html.count("<caption>") == 3
    assert "<caption>收到和处理政府信息公开申请情况</caption>" in html
    assert '<th id="t3-rnote" rowspan="3" colspan="3" scope="colgroup">' + header("requests_note") in html
    assert '<th id="t3-rresults" rowspan="' in html and 'scope="rowgroup"' in html
    assert '<th id="t4-asuit" colspan="10" scope="colgroup">行政诉讼</th>' in html
    assert '<td headers="t3-rapp t3-rc0 t3-rreceived">10</td>' in html
    assert "@page" in html and "@media print" in html and "<thead>" in html
    # every headers reference names an id on the page
    ids = set(re.findall(r' id="([^"]+)"', html))
    refs = {h for group in re.findall(r' headers="([^"]+)"', html) for h in group.split()}
    assert refs <= ids


# ---- facade ------------------------------------------------------------------------------------------------


def test_unknown_format_is_an_input_error() -> None:
    with pytest.raises(UnknownRenderFormat):
        render_report(valid_report("2019"), "rtf")
    assert set(FORMATS) == {"docx", "pdf", "html", "xlsx", "txt", "md"}


def test_format_number_never_prints_zero_for_blank() -> None:
    assert [format_number(v) for v in (None, 0, -24, 6776647.8, 1.25, 1e-07, 5.0)] == [
        "", "0", "-24", "6776647.8", "1.25", "0.0000001", "5.0"
    ]  # fmt: skip
