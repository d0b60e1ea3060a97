"""Where a finding's cells were read in the original file: the location the reader recorded for each value
(page, table, row, column, or the line of a text file — what ``gongkai parse --cells`` prints), the text it
read there, and for a text file the lines around it. The original bytes are the batch item's, kept in the
database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai import report_from_dict
from gongkai.layout import cell_label
from gongkai.model import Location
from gongkai_web.supervision.models import BatchItem, CollectedVersion

#: Formats whose locations are lines of the file itself (the text reader numbers them from 1).
LINE_FORMATS = (".txt", ".md", ".csv", ".text")
CONTEXT_LINES = 3


@dataclass
class Excerpt:
    number: int
    text: str
    hit: bool


@dataclass
class Place:
    path: str
    label: str
    value: Any
    where: str  # 第3页表2行5列4 / 第41行 / "" when the value was not read from the file
    text: str  # what the reader read there
    lines: list[Excerpt] = field(default_factory=list)


@dataclass
class SourceView:
    file_name: str
    has_file: bool
    places: list[Place]


def original_item(version: CollectedVersion) -> BatchItem | None:
    """The batch item the version was first filed from (its file)."""
    return version.items.exclude(content__isnull=True).order_by("pk").first()


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _excerpt(text: str | None, line: int) -> list[Excerpt]:
    if text is None:
        return []
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return []
    lo, hi = max(1, line - CONTEXT_LINES), min(len(lines), line + CONTEXT_LINES)
    return [Excerpt(n, lines[n - 1], n == line) for n in range(lo, hi + 1)]


def finding_view(version: CollectedVersion, finding: dict[str, Any]) -> SourceView:
    """Each cell of ``finding`` with its value and where it was read (the stored ``cells`` of the version's
    report, else the finding's own locations)."""
    item = original_item(version)
    name = item.name if item is not None else version.source_name
    text: str | None = None
    if item is not None and item.content is not None and name.lower().endswith(LINE_FORMATS):
        text = _decode(bytes(item.content))
    cells = (version.data or {}).get("cells") or {}
    locations = finding.get("locations") or []
    report_values = _values(version.data or {})
    places = []
    shown: set[int] = set()  # each source line's context once, under the first cell read from it
    for i, path in enumerate(finding.get("paths") or []):
        raw = cells.get(path) or (locations[i] if i < len(locations) else None)
        loc = Location(**raw) if raw else None
        places.append(
            Place(
                path=path,
                label=cell_label(path, version.template),
                value=report_values.get(path),
                where=str(loc) if loc is not None else "",
                text=(loc.text or "") if loc is not None else "",
                lines=_excerpt(text, loc.line) if loc and loc.line and loc.line not in shown else [],
            )
        )
        if loc is not None and loc.line is not None:
            shown.add(loc.line)
    return SourceView(name, item is not None and item.content is not None, places)


def _values(data: dict[str, Any]) -> dict[str, Any]:
    """The report's values by model path; a section's text shortened for the page."""
    report = report_from_dict(data)
    out: dict[str, Any] = dict(report.iter_cells())
    for key, text in (data.get("sections") or {}).items():
        if isinstance(text, str):
            out[f"sections.{key}"] = text if len(text) <= 400 else text[:400] + "……"
    return out
