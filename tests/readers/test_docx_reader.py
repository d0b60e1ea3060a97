"""Word reports: the official blank 2021 template filled with a real report's numbers reads back exactly;
merged cells (gridSpan, vMerge), text boxes, layout tables and revisions come out as the document shows them."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import docx  # python-docx
from docx.table import _Cell

from gongkai.model.compare import compare_cells
from gongkai.readers import docx as docx_reader
from gongkai.readers import read_bytes
from system_packages import require

FIXTURES = Path(__file__).parent.parent / "fixtures"
TEMPLATE = FIXTURES / "templates" / "template-2021-blank.docx"
STC_EXPECTED = FIXTURES / "reports" / "2021" / "2024-shanghai-stc-converted.expected.json"
TITLE = "上海市科学技术委员会2024年政府信息公开工作年度报告"

# where each number goes in the template: (table, row) -> (model path, first grid column)
PROACTIVE_ROWS = {
    (0, 2): ("rules", ("issued", "repealed", "in_force"), 1),
    (0, 3): ("normative_documents", ("issued", "repealed", "in_force"), 1),
    (0, 6): ("licensing", ("decisions",), 1),
    (0, 9): ("penalty", ("decisions",), 1),
    (0, 10): ("coercion", ("decisions",), 1),
    (0, 13): ("fees", ("amount",), 1),
}
REQUEST_COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
    "total",
)
APPEAL_COLUMNS = ("upheld", "corrected", "other", "pending", "total")


def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(STC_EXPECTED.read_text(encoding="utf-8"))
    # filled into the template by the test itself, every cell is independent truth here
    del data["decided_by_identity"]
    return data


def template_values(exp: dict[str, Any]) -> dict[tuple[int, int, int], Any]:
    """(table, row, grid column) -> the number printed there."""
    out: dict[tuple[int, int, int], Any] = {}
    for (t, r), (key, cols, first) in PROACTIVE_ROWS.items():
        for k, col in enumerate(cols):
            out[(t, r, first + k)] = exp["proactive"][key][col]
    for i, key in enumerate(exp["requests"]):  # template order, rows 3–27
        for k, col in enumerate(REQUEST_COLUMNS):
            out[(1, 3 + i, 3 + k)] = exp["requests"][key][col]
    for g, group in enumerate(("review", "suit_direct", "suit_after_review")):
        for k, col in enumerate(APPEAL_COLUMNS):
            out[(2, 3, g * 5 + k)] = exp["appeals"][group][col]
    return out


def grid_cells(tr: Any) -> list[tuple[int, Any]]:
    """(grid column, w:tc) of one table row."""
    out = []
    col = 0
    for tc in tr.tc_lst:
        out.append((col, tc))
        col += tc.grid_span
    return out


def fill_template(path: Path = TEMPLATE) -> bytes:
    """The official blank template with the 上海科委 2024 numbers written in by python-docx."""
    document = docx.Document(str(path))
    for p in document.paragraphs:
        if p.text.strip() == "政府信息公开工作年度报告格式模板":
            p.runs[0].text = TITLE
            for run in p.runs[1:]:
                run.text = ""
    values = template_values(expected())
    for t, table in enumerate(document.tables):
        for r, row in enumerate(table.rows):
            for col, tc in grid_cells(row._tr):
                value = values.get((t, r, col))
                if value is not None:
                    _Cell(tc, table).text = str(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_filled_official_template_reads_back_exactly() -> None:
    data = fill_template()
    result = read_bytes(data, name="filled.docx")
    report = result.report
    diff = compare_cells(report, expected())
    assert diff.mismatches == []
    assert diff.total == 200
    assert (report.template, report.year, report.agency) == ("2021", 2024, "上海市科学技术委员会")
    assert report.source is not None and report.source.reader == "docx"
    assert report.get("requests.carried_forward.total") is None  # left blank in the template
    assert report.get("requests.other_no_correction.total") == 10
    assert report.get("proactive.normative_documents.in_force") == 55
    # merged cells: 三、本年度办理结果 spans 22 rows, （三）不予公开 8, the template's first header cell 3 × 3
    table3 = result.layout.tables[1]
    assert [(c.text, c.rowspan) for c in table3.rows[5].cells[:1]] == [("三、本年度办理结果", 22)]
    assert table3.rows[7].cells[1].rowspan == 8 and table3.rows[8].cells[1].spanned
    assert (table3.rows[0].cells[0].colspan, table3.rows[0].cells[0].rowspan) == (3, 3)
    assert [p.text for p in result.layout.blocks if hasattr(p, "text")][:2] == [TITLE, "一、总体情况"]


# ---- hand-made documents: the WordprocessingML features one by one ------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def tc(text: str, span: int = 1, vmerge: str | None = None) -> str:
    pr = ""
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{p(text) if text else '<w:p/>'}</w:tc>"


def tbl(*rows: str) -> str:
    return "<w:tbl>" + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl>"


def make_docx(body: str, *, document: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"/>',
        )
        xml = (
            document
            or f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>'
        )
        z.writestr("word/document.xml", xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def test_grid_span_and_vertical_merge() -> None:
    body = tbl(
        tc("head", span=3),
        tc("group", vmerge="restart") + tc("a") + tc("1"),
        tc("", vmerge="continue") + tc("b") + tc("/"),
        tc("", vmerge="continue") + tc("c") + tc(""),
    )
    table = docx_reader.read(make_docx(body)).tables[0]
    assert [(c.text, c.col, c.colspan) for c in table.rows[0].cells] == [("head", 0, 3)]
    assert [(c.text, c.rowspan, c.spanned) for c in table.rows[1].cells] == [
        ("group", 3, False),
        ("a", 1, False),
        ("1", 1, False),
    ]
    assert [(c.text, c.col, c.spanned) for c in table.rows[3].cells] == [
        ("group", 0, True),
        ("c", 1, False),
        ("", 2, False),
    ]
    assert table.rows[2].cells[2].text == "/"  # blank, 0 and / stay as printed: assembly decides


def test_table_in_a_text_box_is_read_once_after_its_paragraph() -> None:
    box = f"<w:txbxContent>{p('框内说明')}{tbl(tc('行政许可') + tc('97'))}</w:txbxContent>"
    body = (
        "<w:p><w:r><w:t>锚点段落</w:t></w:r><w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>" + p("后面的段落")
    )
    layout = docx_reader.read(make_docx(body))
    kinds = [(type(b).__name__, getattr(b, "text", None)) for b in layout.blocks]
    assert kinds == [
        ("Paragraph", "锚点段落"),
        ("Paragraph", "框内说明"),
        ("Table", None),
        ("Paragraph", "后面的段落"),
    ]
    assert [c.text for c in layout.tables[0].rows[0].cells] == ["行政许可", "97"]


def test_layout_table_is_opened_and_revisions_and_fields_skipped() -> None:
    inner = tbl(tc("规章") + tc("0") + tc("0") + tc("0"))
    body = (
        f"<w:tbl><w:tr><w:tc>{p('外层说明')}{inner}</w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>"
        '<w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t xml:space="preserve"> 文字</w:t></w:r></w:p>'
        '<w:tbl><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' + tc("x") + "</w:tr></w:tbl>"
    )
    layout = docx_reader.read(make_docx(body))
    assert [getattr(b, "text", None) for b in layout.blocks[:2]] == ["外层说明", None]
    assert [c.text for c in layout.tables[0].rows[0].cells] == ["规章", "0", "0", "0"]
    assert layout.blocks[2].text == "保留 文字"  # type: ignore[union-attr]
    assert layout.tables[1].rows[0].cells[0].col == 1  # gridBefore shifts the row


def test_docx_to_doc_through_libreoffice_reads_back(tmp_path: Path) -> None:
    from gongkai.readers import ole

    require(
        ole.soffice() is not None,
        "LibreOffice (soffice), for .doc/.wps",
        "apt-get install libreoffice-writer-nogui",
    )
    import subprocess

    src = tmp_path / "filled.docx"
    src.write_bytes(fill_template())
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            ole.soffice() or "soffice",
            "--headless",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        timeout=120,
        capture_output=True,
    )
    result = read_bytes((tmp_path / "filled.doc").read_bytes(), name="filled.doc")
    diff = compare_cells(result.report, expected())
    assert diff.mismatches == []
    assert result.report.source is not None and result.report.source.reader == "libreoffice"
