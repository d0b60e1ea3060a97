"""PDF reports: the real 洪泽 2023 report cell by cell, and hand-written PDFs for each table feature (merged
headers, blank / 0 / "/", letter-spaced numbers, vertical labels, tables broken across pages)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from gongkai.model.compare import compare_cells
from gongkai.readers import pdf, read_report
from gongkai.readers.layout import Paragraph, Table

REPORTS = Path(__file__).parent.parent / "fixtures" / "reports"
HONGZE = REPORTS / "2021" / "2023-hongze-district.pdf"


# ---- a minimal PDF writer (Helvetica text, ruling lines, images), enough for reader tests -------------------


def make_pdf(pages: list[str], *, encrypt: bool = False, image_pages: int = 0, form: str = "") -> bytes:
    """A valid PDF whose pages have the given content streams (plus ``image_pages`` pages that are one image).
    ``form`` is the content of a form XObject ``/Fm1`` (drawn shifted 100 pt down) a page may paint."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    image = add(
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x10\x80\x80\x10\nendstream"
    )
    form_bytes = form.encode("latin-1")
    form_obj = add(
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [1 0 0 1 0 -100] "
        b"/Resources << /Font << /F1 %d 0 R >> >> /Length %d >>\nstream\n"
        % (font, len(form_bytes))
        + form_bytes
        + b"\nendstream"
    )
    kids = []
    streams = [s.encode("latin-1") for s in pages] + [b"q 595 0 0 842 0 0 cm /Im1 Do Q"] * image_pages
    for stream in streams:
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R /Fm1 %d 0 R >> >> >>"
                % (pages_obj, content, font, image, form_obj)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    encrypt_ref = b""
    if encrypt:  # the Standard handler with O/U entries the empty user password does not open
        enc = add(
            b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> >>"
        )
        encrypt_ref = (
            b" /Encrypt %d 0 R /ID [<0123456789abcdef0123456789abcdef><0123456789abcdef0123456789abcdef>]"
            % enc
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        encrypt_ref,
        xref,
    )
    return bytes(out)


@dataclass
class Box:
    """A ruled cell: grid rows/columns it covers and its text (``vertical``: one character per line)."""

    r: int
    c: int
    text: str = ""
    rs: int = 1
    cs: int = 1
    vertical: bool = False
    spacing: float = 0.0  # extra space between characters (Tc), as justified cells print numbers


def ruled(xs: list[float], ys: list[float], boxes: list[Box], *, skip_bottom: bool = False) -> str:
    """Content stream: the boxes' borders as lines and their text. ``ys`` are top-down page positions."""
    ops = ["0.8 w"]
    height = 842.0
    for b in boxes:
        x0, x1 = xs[b.c], xs[b.c + b.cs]
        top, bottom = ys[b.r], ys[b.r + b.rs]
        y0, y1 = height - top, height - bottom
        ops.append(f"{x0} {y0} m {x1} {y0} l S")
        if not (skip_bottom and b.r + b.rs == len(ys) - 1):
            ops.append(f"{x0} {y1} m {x1} {y1} l S")
        ops.append(f"{x0} {y0} m {x0} {y1} l S")
        ops.append(f"{x1} {y0} m {x1} {y1} l S")
        if b.vertical:
            for k, ch in enumerate(b.text):
                ops.append(f"BT /F1 9 Tf {x0 + 3} {y0 - 11 - 11 * k} Td ({ch}) Tj ET")
        elif b.text:
            ops.append(f"BT /F1 9 Tf {b.spacing} Tc {x0 + 3} {(y0 + y1) / 2 - 3} Td ({b.text}) Tj ET")
    return "\n".join(ops)


def texts(table: Table) -> list[list[tuple[str, int, int, int, bool]]]:
    return [[(c.text, c.col, c.colspan, c.rowspan, c.spanned) for c in row.cells] for row in table.rows]


# ---- the real report --------------------------------------------------------------------------------------


def test_hongze_every_cell_equals_expected() -> None:
    result = read_report(HONGZE)
    report = result.report
    expected = json.loads(HONGZE.with_suffix("").with_suffix(".expected.json").read_text(encoding="utf-8"))
    diff = compare_cells(report, expected)
    assert diff.mismatches == []
    assert diff.total == 186
    assert (report.template, report.year) == ("2021", 2023)
    assert report.source is not None and report.source.reader == "pdf"
    # the report's own 表四 errors are read as printed: 复议 10 + 1 with 总计 0, 复议后起诉 5 with 总计 0
    assert [report.get(f"appeals.review.{c}") for c in ("upheld", "corrected", "total")] == [10, 1, 0]
    assert [report.get(f"appeals.suit_after_review.{c}") for c in ("upheld", "total")] == [5, 0]
    assert report.get("requests.other.total") == 0  # the hybrid single （六） row
    assert report.get("requests.other_misc.total") is None
    assert report.get("proactive.fees.amount") == 7730.28
    assert report.get("requests.refused_prohibited_by_law.total") == 0  # label misprinted 其他法律行政止公开
    assert report.get("requests.unable_not_held.total") == 10
    assert report.get("requests.not_processed_complaint.natural_person") == 1  # page 4, after the break
    assert report.cells is not None
    assert (
        report.cells["requests.unable_needs_creation.total"].page,
        report.cells["requests.unable_unclear.total"].page,
    ) == (3, 4)
    assert report.sections.other is not None and "信息处理费 0 元" in report.sections.other


def test_hongze_layout_tables_pages_spans_and_vertical_label() -> None:
    layout = pdf.read(HONGZE.read_bytes())
    assert [(t.index, t.page, len(t.rows)) for t in layout.tables] == [(1, 2, 14), (2, 3, 26), (3, 4, 4)]
    t3 = layout.tables[1]
    assert {row.page for row in t3.rows} == {3, 4}  # one table across the page break
    first_on_4 = next(row for row in t3.rows if row.page == 4)
    # the category cells cut by the break are carried onto page 4 as spanned copies
    assert [(c.text, c.spanned) for c in first_on_4.cells[:3]] == [
        ("三、本年度办理结果", True),
        ("（四）无法提供", True),
        ("3.补正后申请内容仍不明确", False),
    ]
    # 三、本年度办理结果 printed one character per line down its merged cell
    vertical = t3.rows[5].cells[0]
    assert (vertical.text, vertical.rowspan, vertical.col) == ("三、本年度办理结果", 12, 0)
    # three-level header of 表三: 申请人情况 / 自然人 · 法人或其他组织 · 总计 / five sub-columns
    assert texts(t3)[0][1] == ("申请人情况", 3, 7, 1, False)
    assert [(c.text, c.colspan, c.rowspan) for c in t3.rows[1].cells if not c.spanned] == [
        ("自然人", 1, 2),
        ("法人或其他组织", 5, 1),
        ("总计", 1, 2),
    ]
    # 表四: 行政诉讼 over 未经复议直接起诉 / 复议后起诉 over five columns each; one data row of 15 cells
    t4 = layout.tables[2]
    assert texts(t4)[0] == [("行政复议", 0, 5, 1, False), ("行政诉讼", 5, 10, 1, False)]
    assert [c.text for c in t4.rows[3].cells] == ["10", "1", "0", "0", "0"] + ["0"] * 5 + [
        "5",
        "0",
        "0",
        "0",
        "0",
    ]
    cell = t4.rows[3].cells[0]
    assert cell.bbox is not None and cell.bbox[0] < cell.bbox[2] and t4.rows[3].page == 4
    fee = layout.tables[0].rows[13].cells[1]
    assert (fee.text, layout.tables[0].rows[13].page) == ("7730.28", 3)
    paragraphs = [b.text for b in layout.blocks if isinstance(b, Paragraph)]
    assert "四、政府信息公开行政复议、行政诉讼情况" in paragraphs
    assert not any(p.startswith("- ") for p in paragraphs)  # page numbers dropped
    order = [type(b).__name__ for b in layout.blocks]
    assert order.index("Table") > paragraphs.index("二、主动公开政府信息情况")


# ---- hand-written PDFs ------------------------------------------------------------------------------------


def test_merged_header_spans_and_blank_zero_slash() -> None:
    xs = [50, 150, 200, 250, 300]
    ys = [100, 120, 140, 160, 180]
    boxes = [
        Box(0, 0, "Label", rs=2),
        Box(0, 1, "Group", cs=3),
        Box(1, 1, "a"),
        Box(1, 2, "b"),
        Box(1, 3, "c"),
        Box(2, 0, "row one"),
        Box(2, 1, "0"),
        Box(2, 2, ""),
        Box(2, 3, "/"),
        Box(3, 0, "row two"),
        Box(3, 1, "12"),
        Box(3, 2, "3"),
        Box(3, 3, "15"),
    ]
    layout = pdf.read(make_pdf([ruled(xs, ys, boxes)]))
    assert texts(layout.tables[0]) == [
        [("Label", 0, 1, 2, False), ("Group", 1, 3, 1, False)],
        [("Label", 0, 1, 1, True), ("a", 1, 1, 1, False), ("b", 2, 1, 1, False), ("c", 3, 1, 1, False)],
        [("row one", 0, 1, 1, False), ("0", 1, 1, 1, False), ("", 2, 1, 1, False), ("/", 3, 1, 1, False)],
        [("row two", 0, 1, 1, False), ("12", 1, 1, 1, False), ("3", 2, 1, 1, False), ("15", 3, 1, 1, False)],
    ]


def test_letter_spaced_number_stays_one_cell_and_vertical_label_reads_down() -> None:
    xs = [50, 70, 200, 300]
    ys = [100, 160, 180]
    boxes = [
        Box(0, 0, "ABCD", rs=2, vertical=True),
        Box(0, 1, "spaced"),
        Box(0, 2, "4119", spacing=6),
        Box(1, 1, "next"),
        Box(1, 2, "195"),
    ]
    table = pdf.read(make_pdf([ruled(xs, ys, boxes)])).tables[0]
    assert texts(table)[0] == [("ABCD", 0, 1, 2, False), ("spaced", 1, 1, 1, False), ("4119", 2, 1, 1, False)]
    assert texts(table)[1][0] == ("ABCD", 0, 1, 1, True)


def test_table_broken_across_pages_with_repeated_header_and_missing_border() -> None:
    xs = [50, 100, 200, 250]
    head = [Box(0, 0, "Cat", cs=2), Box(0, 1 + 1, "N")]
    page1 = ruled(
        xs,
        [700, 720, 740, 760],
        [
            *head,
            Box(1, 0, "Group", rs=2),
            Box(1, 1, "1. first"),
            Box(1, 2, "7"),
            Box(2, 1, "2. second"),
            Box(2, 2, "8"),
        ],
        skip_bottom=True,
    )  # the break leaves the bottom border out
    page2 = ruled(
        xs,
        [60, 80, 100, 120],
        [
            *head,
            Box(1, 0, "", rs=1),
            Box(1, 1, "3. third"),
            Box(1, 2, "9"),
            Box(2, 0, "Total", cs=2),
            Box(2, 2, "24"),
        ],
    )
    layout = pdf.read(make_pdf([page1, page2]))
    assert len(layout.tables) == 1
    table = layout.tables[0]
    assert [row.page for row in table.rows] == [1, 1, 1, 2, 2]  # the repeated header was dropped
    assert texts(table)[3] == [("Group", 0, 1, 1, True), ("3. third", 1, 1, 1, False), ("9", 2, 1, 1, False)]
    assert texts(table)[4] == [("Total", 0, 2, 1, False), ("24", 2, 1, 1, False)]


def test_stroked_rectangles_are_rulings_and_text_outside_is_paragraphs() -> None:
    stream = "\n".join(
        [
            "BT /F1 12 Tf 50 800 Td (Heading before) Tj ET",
            "0.5 w 50 700 100 20 re S 150 700 60 20 re S 50 680 100 20 re S 150 680 60 20 re S",
            "BT /F1 9 Tf 53 706 Td (alpha) Tj ET BT /F1 9 Tf 153 706 Td (1) Tj ET",
            "BT /F1 9 Tf 53 686 Td (beta) Tj ET BT /F1 9 Tf 153 686 Td (2) Tj ET",
            "BT /F1 12 Tf 50 600 Td (After the table) Tj ET",
        ]
    )
    layout = pdf.read(make_pdf([stream]))
    assert [type(b).__name__ for b in layout.blocks] == ["Paragraph", "Table", "Paragraph"]
    assert texts(layout.tables[0]) == [
        [("alpha", 0, 1, 1, False), ("1", 1, 1, 1, False)],
        [("beta", 0, 1, 1, False), ("2", 1, 1, 1, False)],
    ]


def test_pdf_without_rulings_is_read_as_text_lines_with_their_pages() -> None:
    page1 = "BT /F1 12 Tf 50 800 Td (Annual report) Tj ET BT /F1 10 Tf 50 700 Td (Rules 0 5 5) Tj ET"
    page2 = "BT /F1 10 Tf 50 800 Td (Licensing 550) Tj ET"
    layout = pdf.read(make_pdf([page1, page2]))
    assert layout.reader == "pdf"
    rows = [(row.page, [c.text for c in row.cells]) for t in layout.tables for row in t.rows]
    assert rows == [(1, ["Rules", "0", "5", "5"]), (2, ["Licensing", "550"])]
    assert [(b.text, b.page) for b in layout.blocks if isinstance(b, Paragraph)] == [("Annual report", 1)]


def test_next_table_with_other_columns_is_not_joined() -> None:
    page1 = ruled(
        [50, 150, 250], [700, 720, 740], [Box(0, 0, "a"), Box(0, 1, "1"), Box(1, 0, "b"), Box(1, 1, "2")]
    )
    page2 = ruled([50, 90, 130, 170, 250], [60, 80], [Box(0, k, str(k)) for k in range(4)])
    layout = pdf.read(make_pdf([page1, page2]))
    assert [(t.index, t.page, len(t.rows)) for t in layout.tables] == [(1, 1, 2), (2, 2, 1)]


def test_table_drawn_inside_a_form_xobject() -> None:
    """Rulings and text inside a form XObject are placed with the form's matrix (here 100 pt lower)."""
    table = ruled(
        [50, 150, 250], [100, 120, 140], [Box(0, 0, "a"), Box(0, 1, "1"), Box(1, 0, "b"), Box(1, 1, "2")]
    )
    layout = pdf.read(make_pdf(["BT /F1 12 Tf 50 800 Td (Title) Tj ET q /Fm1 Do Q"], form=table))
    assert texts(layout.tables[0]) == [
        [("a", 0, 1, 1, False), ("1", 1, 1, 1, False)],
        [("b", 0, 1, 1, False), ("2", 1, 1, 1, False)],
    ]
    x0, top, x1, bottom = layout.tables[0].rows[0].cells[0].bbox or (0, 0, 0, 0)
    assert (round(x0), round(top), round(x1), round(bottom)) == (50, 200, 150, 220)
