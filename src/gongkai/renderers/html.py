"""One self-contained web page (inline CSS, no scripts, no external resources), printable on A4.

Tables carry accessible markup: a ``<caption>``, ``<th scope>`` on every header and row label, header rows in
``<thead>`` (repeated on each printed page), and ``headers`` on every value cell naming the header cells that
describe it. Merged cells are ``rowspan``/``colspan`` exactly as in the official grids. Blank cells are empty.
"""

from __future__ import annotations

from html import escape

from gongkai.model.report import Report
from gongkai.renderers.grid import GridCell, GridTable, build_document

NAME = "html"

_TABLE_IDS = {"proactive": "t2", "requests": "t3", "appeals": "t4"}

# Font stacks: the conventional government fonts first, Noto CJK (fonts-noto-cjk) as the fallback.
FONT_TITLE = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", serif'
FONT_HEADING = '"黑体", "SimHei", "Noto Sans CJK SC", sans-serif'
FONT_BODY = '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", serif'
FONT_TABLE = '"宋体", "SimSun", "Noto Serif CJK SC", serif'

CSS = f"""
@page {{ size: A4; margin: 25mm 19mm 22mm 19mm;
  @bottom-center {{ content: "— " counter(page) " —"; font-family: {FONT_TABLE}; font-size: 10.5pt; }} }}
html {{ font-family: {FONT_BODY}; font-size: 16pt; line-height: 1.6; color: #000; background: #fff; }}
body {{ max-width: 172mm; margin: 0 auto; padding: 1em; }}
h1 {{ font-family: {FONT_TITLE}; font-size: 22pt; font-weight: normal; text-align: center;
  margin: 0.5em 0 1em; }}
h2 {{ font-family: {FONT_HEADING}; font-size: 16pt; font-weight: normal; margin: 0.8em 0 0.4em; }}
p {{ text-indent: 2em; margin: 0; text-align: justify; }}
table {{ border-collapse: collapse; table-layout: fixed; width: 100%; margin: 0.4em 0 0.8em;
  font-family: {FONT_TABLE}; font-size: 9pt; line-height: 1.3; page-break-inside: auto; }}
caption {{ font-family: {FONT_HEADING}; font-size: 10.5pt; padding: 0.2em; }}
@media print {{ caption {{ display: none; }} }}
th, td {{ border: 0.75pt solid #000; padding: 0.15em 0.25em; vertical-align: middle; }}
th {{ font-weight: normal; text-align: center; }}
th[scope=row], th[scope=rowgroup] {{ text-align: left; }}
td {{ text-align: center; font-variant-numeric: tabular-nums; }}
tr {{ page-break-inside: avoid; }}
thead {{ display: table-header-group; }}
@media screen {{ body {{ background: #fff; }} }}
@media print {{ body {{ max-width: none; padding: 0; }} }}
"""


def _cell(cell: GridCell, prefix: str) -> str:
    spans = ""
    if cell.rowspan > 1:
        spans += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    text = escape(cell.text)
    if cell.kind == "value":
        heads = " ".join(f"{prefix}-{h}" for h in cell.headers)
        return f'<td{spans} headers="{heads}">{text}</td>'
    if cell.kind == "label":
        scope = "rowgroup" if cell.rowspan > 1 else "row"
    else:
        scope = "colgroup" if cell.colspan > 1 else "col"
    ident = f' id="{prefix}-{cell.id}"' if cell.id else ""
    heads = f' headers="{" ".join(f"{prefix}-{h}" for h in cell.headers)}"' if cell.headers else ""
    return f'<th{ident}{spans} scope="{scope}"{heads}>{text}</th>'


def _colgroup(table: GridTable) -> str:
    total = sum(table.widths)
    cols = "".join(f'<col style="width:{w * 100 / total:.2f}%">' for w in table.widths)
    return f"<colgroup>{cols}</colgroup>"


def render_table(table: GridTable) -> str:
    prefix = _TABLE_IDS[table.key]
    parts = [f'<table id="{prefix}">', f"<caption>{escape(table.caption)}</caption>", _colgroup(table)]
    rows = ["<tr>" + "".join(_cell(c, prefix) for c in row) + "</tr>" for row in table.rows]
    if table.header_rows:
        parts.append("<thead>" + "".join(rows[: table.header_rows]) + "</thead>")
    parts.append("<tbody>" + "".join(rows[table.header_rows :]) + "</tbody>")
    parts.append("</table>")
    return "\n".join(parts)


def render_html_text(report: Report, *, css: str = CSS) -> str:
    doc = build_document(report)
    body: list[str] = [f"<h1>{escape(doc.title)}</h1>"]
    for block in doc.blocks:
        if block[0] == "heading":
            body.append(f"<h2>{escape(block[1])}</h2>")
        elif block[0] == "text":
            body.append(f"<p>{escape(block[1])}</p>")
        else:
            body.append(render_table(block[1]))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="gongkai">\n<title>{escape(doc.title)}</title>\n'
        f"<style>{css}</style>\n</head>\n<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


def render_html(report: Report) -> bytes:
    return render_html_text(report).encode("utf-8")
