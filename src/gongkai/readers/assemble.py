"""Shared assembly: a neutral layout → the report model and the document facts.

Template, agency, year and title are detected here; section text is collected; the tables are filled by
:mod:`gongkai.readers.fill`. Readers never do any of this themselves.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from typing import Any

from gongkai.catalog import Catalog, load_catalog
from gongkai.catalog.normalize import clean_space, normalize
from gongkai.errors import NoReportFound, Pre2019Format
from gongkai.layout import template_for_year
from gongkai.model.facts import DocumentFacts, Heading
from gongkai.model.report import Location, Report, report_from_dict
from gongkai.readers.fill import FillResult, fill_appeals, fill_proactive, fill_requests
from gongkai.readers.layout import Layout, Paragraph, Table
from gongkai.readers.plausible import implausible
from gongkai.readers.rows import row_views
from gongkai.readers.runs import read_run_together
from gongkai.readers.stated import stated_cells

_NUMERALS = "一二三四五六七八九十"
_HEADING = re.compile(rf"^\s*(?P<num>[{_NUMERALS}]{{1,2}})\s*[、.．,，]\s*(?P<text>.{{2,40}})$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(
    r"统计(?:期限|周期|时限|时间|区间|范围)[^。；]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"
    r"[^。；]{0,8}?(?:((?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日?"
)
_PUBLISHED = re.compile(
    r"(?:发布|公开|印发)(?:日期|时间)\s*[:：]\s*((?:19|20)\d{2})[-./年](\d{1,2})[-./月](\d{1,2})"
)


_INLINE_HEADING = re.compile(
    "[一二三四五六]\\s*、\\s*(?:"
    + "|".join(
        r"\s*".join(map(re.escape, f))
        for s in load_catalog().sections
        for f in sorted((s.label, *s.variants), key=len, reverse=True)
    )
    + ")"
)
_SUBHEADING = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[）)、.]")


@dataclass(slots=True)
class Line:
    """A line of text in document order (paragraphs, and table rows joined), with where it was read."""

    text: str
    is_table: bool
    line: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None

    @property
    def location(self) -> Location:  # built only for the few lines that need one (headings)
        return Location(line=self.line, page=self.page, table=self.table, row=self.row)


def _split_at_headings(text: str) -> list[str]:
    """Crawled text often holds a whole report on one line: cut it before each numbered section heading."""
    if len(text) <= 200:
        return [text]
    cuts = [pos for m in _INLINE_HEADING.finditer(text) for pos in (m.start(), m.end())]
    return [text[a:b].strip() for a, b in itertools.pairwise([0, *cuts, len(text)]) if text[a:b].strip()]


def _lines(layout: Layout) -> list[Line]:
    out: list[Line] = []
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            out.extend(Line(p, False, block.line, block.page) for p in _split_at_headings(block.text))
        elif isinstance(block, Table):
            for r, row in enumerate(block.rows):
                text = " ".join(dict.fromkeys(c.text for c in row.cells if c.text))
                out.append(Line(text, True, row.line, row.page or block.page, block.index, r + 1))
    return out


def join_lines(texts: list[str]) -> str:
    """Join text lines into whitespace-normalised prose; lines broken mid-sentence are rejoined."""
    out: list[str] = []  # pieces joined once at the end: += on one string is quadratic on long documents
    prev = ""
    for raw in texts:
        t = clean_space(raw)
        if not t:
            continue
        short_heading = len(prev) <= 20 and bool(_SUBHEADING.match(prev))
        prev = t
        if out:
            last = out[-1][-1]
            if last in "。；！？：:;!?" or short_heading or _SUBHEADING.match(t):
                out.append("\n")
            elif last.isascii() and last.isalnum() and t[0].isascii() and t[0].isalnum():
                out.append(" ")
        out.append(t)
    return "".join(out)


# the separators of a web page's breadcrumb (``首页 > 政务公开 > 年报``, ``首页 » …``), never in a title
_CRUMB = re.compile(r"\s*[>＞»›]\s*")


def _without_breadcrumb(line: Line) -> Line | None:
    """A prose line as a piece of the title: a breadcrumb is none, except for its last item where that is
    the title itself (``首页 > 政务公开 > XX区2023年政府信息公开工作年度报告``)."""
    parts = _CRUMB.split(line.text)
    if len(parts) == 1:
        return line
    last = parts[-1].strip()
    return Line(last, line.is_table, line.line, line.page) if "年度报告" in normalize(last) else None


def _detect_title(lines: list[Line], layout: Layout) -> str | None:
    prose = [w for ln in lines[:40] if not ln.is_table and (w := _without_breadcrumb(ln)) is not None]
    for i in range(len(prose)):
        for span in (1, 2, 3):
            window = prose[i : i + span]
            if any(len(w.text) > 80 for w in window):
                break
            joined = clean_space("".join(w.text for w in window))
            n = normalize(joined)
            if "年度报告" in n and "信息公开" in n and len(n) <= 80:
                # drop short leading lines that are not part of the title (e.g. "正文")
                while len(window) > 1 and (
                    len(normalize(window[0].text)) <= 4 or "年度报告" in normalize(window[0].text)
                ):
                    if "年度报告" in normalize(window[0].text):
                        window = window[:1]
                        break
                    window = window[1:]
                title = clean_space("".join(w.text for w in window))
                return re.sub(r"^(?:标题|题目|名称)\s*[:：]\s*", "", title)
    if layout.title_hint and "年度报告" in layout.title_hint:
        return clean_space(layout.title_hint.split("_")[0].split("-")[0])
    return None


def _agency_from_title(title: str) -> str | None:
    t = re.sub(r"\s+", "", title)
    t = re.sub(r"^关于", "", t)
    t = re.sub(r"[（(]?(?:19|20)\d{2}年度?[）)]?", "", t)
    t = re.sub(r"(?:政府信息公开|政务公开|信息公开).*$", "", t)
    t = t.strip("《》“”\"' ")
    return t or None


def _template_of(facts: DocumentFacts, year: int | None) -> str:
    n2019 = len(facts.markers.get("2019", []))
    n2021 = len(facts.markers.get("2021", []))
    if n2019 > n2021:
        return "2019"
    if n2021 > n2019:
        return "2021"
    return template_for_year(year) if year is not None else "2021"


def _headings(lines: list[Line], catalog: Catalog) -> list[tuple[int, Heading]]:
    forms = [(f, s.key) for s in catalog.sections for f in (normalize(s.label), *map(normalize, s.variants))]
    exact = dict(reversed(forms))  # the first form of each text wins, as in the loop below
    found: list[tuple[int, Heading]] = []
    for i, ln in enumerate(lines):
        if ln.is_table or len(ln.text) > 48:
            continue
        m = _HEADING.match(ln.text)
        body = normalize(m.group("text")) if m else normalize(ln.text)
        if not m and body not in exact:
            continue  # an unnumbered line is a heading only when it is a form exactly
        for form, key in forms:
            if body == form or (m and body.startswith(form) and len(body) <= len(form) + 4):
                found.append(
                    (
                        i,
                        Heading(
                            key=key, number=m.group("num") if m else "", text=ln.text, location=ln.location
                        ),
                    )
                )
                break
    return found


# Where a web page's own furniture starts after the report: attachments, share and print links, the site
# footer. A section's text ends at the first such line.
_PAGE_CHROME = re.compile(
    r"^\s*[【\[]?(?:附件下载|相关附件|相关链接|扫一扫|分享到|打印本页|关闭窗口|上一篇|下一篇|网站地图|友情链接)"
    r"|版权所有|网站标识码|ICP备"
)


def _section_text(lines: list[Line], headings: list[tuple[int, Heading]], key: str) -> str | None:
    for n, (i, h) in enumerate(headings):
        if h.key != key:
            continue
        end = headings[n + 1][0] if n + 1 < len(headings) else len(lines)
        body = list(
            itertools.takewhile(lambda t: not _PAGE_CHROME.search(t), (ln.text for ln in lines[i + 1 : end]))
        )
        return join_lines(body) or None
    return None


def _document_facts(full_text: str, norm: str, catalog: Catalog) -> DocumentFacts:
    """Template markers, the 统计期限 sentence and the publication date printed on the page."""
    facts = DocumentFacts(full_text=full_text)
    facts.markers = {t: [m for m in ms if m in norm] for t, ms in catalog.template_markers.items()}
    period = _PERIOD.search(full_text)
    if period:
        facts.period_text = period.group(0)
        facts.period_years = sorted({int(y) for y in period.groups() if y})
    published = _PUBLISHED.search(full_text[:3000])
    if published:
        try:
            facts.published = dt.date(*(int(g) for g in published.groups()))
        except ValueError:
            facts.published = None
    return facts


def _fill_tables(layout: Layout, template: str, catalog: Catalog, facts: DocumentFacts) -> FillResult:
    """The three tables, from table rows; from digit runs when the cells ran together (crawled text)."""
    rows = row_views(layout)
    result = FillResult()
    stated = stated_cells("\n".join(b.text for b in layout.blocks if isinstance(b, Paragraph)))
    fill_requests(template, rows, catalog, result, stated)
    fill_appeals(rows, catalog, result, stated)
    fill_proactive(template, rows, catalog, result, stated)
    facts.reading_notes = list(result.notes)
    facts.narrative_cells = list(result.from_narrative)
    if _request_rows(result) >= 5:
        return result
    norm = normalize(facts.full_text)  # long lines too: crawled text is often one line
    if sum(1 for r in catalog.requests_rows if normalize(r.label) in norm) < 10:
        return result
    runs = read_run_together(facts.full_text, template, catalog)
    result = FillResult(values=dict(runs.values), rows_found=runs.rows_found, tables_found=runs.tables_found)
    if "proactive.procurement" in runs.rows_found and any(
        r.key == "procurement" for r in catalog.proactive[template]
    ):  # a 2021 report printing 2019 rows (the 2021 template has no 政府集中采购 row)
        result.values["proactive.procurement.amount_unit"] = runs.unit
    facts.ambiguous_cells = runs.ambiguous
    facts.ambiguous_rows = runs.ambiguous_rows
    facts.reading_notes = runs.notes
    # a crawl is one long line, so the template's column headers were not looked for yet: look in the tables
    tables = norm[max(norm.find("第二十条"), 0) :]
    for t, marks in catalog.template_markers.items():
        found = [m for m in marks if normalize(m) in tables]
        facts.markers[t] = list(dict.fromkeys([*facts.markers.get(t, []), *found]))
    return result


def _drop_implausible(result: FillResult, facts: DocumentFacts) -> None:
    """A number no cell can hold becomes a blank; what was printed goes into the facts (rule F112)."""
    unit = result.values.get("proactive.procurement.amount_unit")
    for path, value in result.values.items():
        if isinstance(value, int | float) and not path.endswith("_unit"):
            why = implausible(path, value, unit)
            if why is not None:
                cell = result.cells.get(path)
                printed = cell.text if cell is not None and cell.text else str(value)
                facts.implausible_cells[path] = f"{printed[:24]}{'…' if len(printed) > 24 else ''}（{why}）"
    for path in facts.implausible_cells:
        result.values[path] = None


def _request_rows(result: FillResult) -> int:
    return sum(1 for p in result.rows_found if p.startswith("requests."))


def assemble(layout: Layout) -> tuple[Report, DocumentFacts]:
    catalog = load_catalog()
    lines = _lines(layout)
    full_text = join_lines([ln.text for ln in lines])
    # template markers, captions and headings sit in short lines; long prose lines need not be normalised
    norm = "".join(normalize(ln.text) for ln in lines if len(ln.text) <= 120)
    facts = _document_facts(full_text, norm, catalog)
    title = _detect_title(lines, layout)
    year = None
    if title and (m := _YEAR.search(title)):
        year = int(m.group(1))
    elif facts.period_years:
        year = facts.period_years[0]
    if year is not None and year < 2019:
        raise Pre2019Format(f"报告年度为{year}年")
    template = _template_of(facts, year)
    result = _fill_tables(layout, template, catalog, facts)
    _drop_implausible(result, facts)
    if _request_rows(result) < 5:
        if any(m in normalize(full_text) for m in catalog.pre_2019_markers):
            raise Pre2019Format("没有2019年以后格式的表格，却有旧格式的栏目")
        if not (title and "年度报告" in normalize(title)) or not result.tables_found:
            raise NoReportFound()
    headings = _headings(lines, catalog)
    facts.headings = [h for _, h in headings]
    data: dict[str, Any] = {
        "template": template,
        "title": title,
        "year": year,
        "agency": _agency_from_title(title) if title else None,
        "sections": {k: _section_text(lines, headings, k) for k in ("overview", "problems", "other")},
    }
    for path, value in result.values.items():
        table, row, col = path.split(".")
        data.setdefault(table, {}).setdefault(row, {})[col] = value
    report = report_from_dict(data)
    report.cells = result.cells
    report.subtotals.update(result.subtotals)
    facts.tables_found = result.tables_found
    facts.rows_found = result.rows_found
    facts.unaligned_rows = result.unaligned
    if layout.reader == "ocr":
        _ocr_facts(layout, report, facts, result)
    return report, facts


def _ocr_facts(layout: Layout, report: Report, facts: DocumentFacts, result: FillResult) -> None:
    """What OCR adds: the pages it read, its lowest confidence, and the unsure cells (blank, with candidates),
    of which the tables' identities may decide some (:mod:`gongkai.read`, above the readers and the rules)."""
    facts.ocr_pages = sorted({b.page for b in layout.blocks if b.page is not None})
    scores = [loc.confidence for loc in result.cells.values() if loc.confidence is not None]
    facts.ocr_confidence = round(min(scores), 3) if scores else None
    facts.ambiguous_cells.update(result.uncertain)
    facts.ocr_cells = list(result.uncertain)
