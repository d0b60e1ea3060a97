"""``gongkai debug FILE``: what the reader saw. Per table (and page), every row with its label and values and
the report row it was read into (or why not); optionally a PNG of a PDF page with the detected cells drawn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gongkai.cli import app
from gongkai.errors import InputError, UnreadableFile
from gongkai.readers import _reader_for
from gongkai.readers.assemble import assemble
from gongkai.readers.layout import Layout, Paragraph
from gongkai.readers.limits import DEFAULT_LIMITS
from gongkai.readers.rows import row_views
from gongkai.readers.sources import cell_sources

EXIT_UNUSABLE = 2
_COLOURS = {"matched": (0, 150, 0), "label": (30, 90, 220), "other": (150, 150, 150)}


def _row_matches(
    layout: Layout, cells: dict[str, tuple[int | None, int | None]]
) -> dict[tuple[int, int], str]:
    """(table index, 1-based row) -> the report rows read from it."""
    out: dict[tuple[int, int], list[str]] = {}
    for path, (table, row) in cells.items():
        if table is None or row is None:
            continue
        key = path.rsplit(".", 1)[0]
        names = out.setdefault((table, row), [])
        if key not in names:
            names.append(key)
    return {k: "、".join(v) for k, v in out.items()}


def describe(layout: Layout, matches: dict[tuple[int, int], str], unaligned: list[str]) -> list[str]:
    lines = [
        f"读取器：{layout.reader}；段落 {sum(isinstance(b, Paragraph) for b in layout.blocks)} 个，"
        f"表格 {len(layout.tables)} 个"
    ]
    views = {(v.table.index, v.row_index + 1): v for v in row_views(layout)}
    for table in layout.tables:
        pages = sorted({r.page for r in table.rows if r.page is not None})
        where = f"，第 {'、'.join(map(str, pages))} 页" if pages else ""
        lines.append(f"表 {table.index}（{len(table.rows)} 行{where}）")
        for r, row in enumerate(table.rows, start=1):
            view = views.get((table.index, r))
            label = view.raw_label if view else ""
            values = " ".join(c.text or "□" for c, _ in view.values) if view else ""
            match = matches.get((table.index, r))
            if match:
                verdict = f"→ {match}"
            elif view and view.has_number:
                verdict = "→ （未匹配：有数字，但标签不对应任何栏目）"
            else:
                verdict = ""
            page = f"p{row.page} " if row.page is not None else ""
            lines.append(f"  {page}行{r:>3} {label[:36]:<36} | {values[:60]} {verdict}".rstrip())
    if unaligned:
        lines.append("列数对不上的行：" + "、".join(unaligned))
    return lines


def draw_page(data: bytes, layout: Layout, page: int, out: Path, matched: set[tuple[int, int]]) -> None:
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    scale = 2.0
    doc = pdfium.PdfDocument(data)
    try:
        if not 1 <= page <= len(doc):
            raise UnreadableFile(f"没有第 {page} 页（共 {len(doc)} 页）")
        image = doc[page - 1].render(scale=scale).to_pil().convert("RGB")
    finally:
        doc.close()
    draw = ImageDraw.Draw(image)
    for table in layout.tables:
        for r, row in enumerate(table.rows, start=1):
            if row.page != page:
                continue
            for cell in row.cells:
                if cell.bbox is None or cell.spanned:
                    continue
                x0, top, x1, bottom = (v * scale for v in cell.bbox)
                if (table.index, r) in matched:
                    colour = (
                        _COLOURS["matched"] if any(ch.isdigit() for ch in cell.text) else _COLOURS["label"]
                    )
                else:
                    colour = _COLOURS["other"]
                draw.rectangle((x0 + 2, top + 2, x1 - 2, bottom - 2), outline=colour, width=3)
    image.save(out)


@app.command("debug")
def debug(
    file: Annotated[
        Path, typer.Argument(help="报告文件（PDF、Word、Excel、网页、文本）", show_default=False)
    ],
    png: Annotated[
        int | None, typer.Option("--png", help="把 PDF 第 N 页画成 PNG，标出识别到的单元格")
    ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="PNG 输出路径")] = None,
) -> None:
    """显示读取器找到的表格，以及哪些行对应到了报告的哪一栏（用于排查读错的数字）。"""
    try:
        data = file.read_bytes()
    except OSError as exc:
        typer.echo(f"{file}: 文件无法读取：{type(exc).__name__}", err=True)
        raise typer.Exit(EXIT_UNUSABLE) from None
    try:
        name, read = _reader_for(data, DEFAULT_LIMITS)
        layout = read(data)
    except InputError as exc:
        exc.file = exc.file or str(file)
        typer.echo(exc.line(), err=True)
        raise typer.Exit(EXIT_UNUSABLE) from None
    cells: dict[str, tuple[int | None, int | None]] = {}
    unaligned: list[str] = []
    sources: list[str] = []
    try:
        report, facts = assemble(layout)
        cells = {p: (loc.table, loc.row) for p, loc in (report.cells or {}).items()}
        unaligned = list(facts.unaligned_rows)
        sources = cell_sources(report, facts)
        typer.echo(
            f"{file}: {report.template} 年格式，{report.year or '年度未知'}，{report.agency or '机关未知'}"
        )
    except InputError as exc:
        typer.echo(f"{file}: 组装失败：{exc.line()}")
    matches = _row_matches(layout, cells)
    for line in describe(layout, matches, unaligned):
        typer.echo(line)
    if sources:
        typer.echo("单元格来源：")
        for line in sources:
            typer.echo(f"  {line}")
    if png is not None:
        if name != "pdf":
            typer.echo(f"{file}: --png 只用于 PDF", err=True)
            raise typer.Exit(EXIT_UNUSABLE)
        out = output or file.with_name(f"{file.stem}-p{png}.png")
        try:
            draw_page(data, layout, png, out, set(matches))
        except InputError as exc:
            exc.file = str(file)
            typer.echo(exc.line(), err=True)
            raise typer.Exit(EXIT_UNUSABLE) from None
        typer.echo(f"已写出 {out}")
