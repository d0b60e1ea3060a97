"""``gongkai debug``: the tables a reader found, which report rows they were read into, and a PNG of a page."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from test_pdf_reader import HONGZE
from typer.testing import CliRunner

import gongkai.cli.debug  # noqa: F401  (registers the command)
from gongkai.cli import _register, app
from gongkai.readers import read_bytes
from gongkai.readers.layout import Paragraph

runner = CliRunner()
_register()


def test_debug_lists_tables_pages_and_matched_rows() -> None:
    result = runner.invoke(app, ["debug", str(HONGZE)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    # the counts are those of the layout the PDF reader made (the number of paragraphs is the reader's own
    # grouping of lines, tested in test_pdf_reader, not a fact of the PDF); the report has 3 tables: 表二/三/四
    layout = read_bytes(HONGZE.read_bytes(), name=HONGZE.name).layout
    paragraphs = sum(isinstance(b, Paragraph) for b in layout.blocks)
    assert 0 < paragraphs < len(layout.blocks) and len(layout.tables) == 3
    assert f"读取器：pdf；段落 {paragraphs} 个，表格 3 个" in out
    assert "表 2（26 行，第 3、4 页）" in out
    assert "→ requests.received" in out and "→ proactive.fees" in out
    # the row continued on page 4 carries the labels of the category cells cut by the page break
    line = next(ln for ln in out.splitlines() if "requests.unable_unclear" in ln)
    assert line.lstrip().startswith("p4 行 18 三、本年度办理结果 （四）无法提供 3.补正后申请内容仍不明确")
    assert "→ appeals.review、appeals.suit_direct、appeals.suit_after_review" in out


def test_debug_png_draws_the_detected_cells(tmp_path: Path) -> None:
    out = tmp_path / "p3.png"
    result = runner.invoke(app, ["debug", str(HONGZE), "--png", "3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    image = Image.open(out).convert("RGB")
    assert image.size == (1190, 1684)  # A4 at 2× scale
    greens = sum(1 for px in image.get_flattened_data() if px == (0, 150, 0))
    assert greens > 10_000  # the outlines of the matched value cells


def test_debug_on_bad_input_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4\nnothing")
    result = runner.invoke(app, ["debug", str(path)])
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"{path}: 文件已损坏：PDF 不完整（缺少文件结尾标记 %%EOF）。文件可能未下载完整或已被截断；请重新下载原文件"
    )
    result = runner.invoke(app, ["debug", str(HONGZE), "--png", "9", "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 2
    assert "没有第 9 页（共 5 页）" in result.stderr
