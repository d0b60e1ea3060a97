"""What a reader saw in a document besides the table values: headings, the statistical period, which rows
and tables were printed. Readers fill it; document-level checker rules (F1xx, narrative) read it.

A report that did not come from a document (built in code, or loaded from JSON) has no facts, and the rules
that need them do not run.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from gongkai.model.report import Location


class Heading(BaseModel):
    """A section heading found in the document (一 … 六)."""

    key: str = Field(description="section key: overview, proactive, requests, appeals, problems, other")
    number: str = Field("", description="the numeral printed before it (一 … 六), '' if none")
    text: str
    location: Location | None = None


class DocumentFacts(BaseModel):
    headings: list[Heading] = Field(default_factory=list)
    full_text: str = Field("", description="the whole document text, lines joined, whitespace-normalised")
    period_years: list[int] = Field(default_factory=list, description="years named in the 统计期限 sentence")
    period_text: str | None = Field(None, description="the 统计期限 sentence as printed")
    markers: dict[str, list[str]] = Field(
        default_factory=dict, description="template id -> template-specific labels found in the document"
    )
    tables_found: list[str] = Field(default_factory=list, description="proactive / requests / appeals")
    rows_found: list[str] = Field(
        default_factory=list, description="row paths the document printed, e.g. requests.received"
    )
    unaligned_rows: list[str] = Field(
        default_factory=list, description="row paths whose values could not be placed in columns"
    )
    published: dt.date | None = Field(None, description="publication date printed on the page, if any")
    ambiguous_cells: dict[str, list[float]] = Field(
        default_factory=dict,
        description="cells left blank because several readings of run-together digits satisfy every rule:"
        " model path -> the candidate values",
    )
    ambiguous_rows: dict[str, list[dict[str, int | float]]] = Field(
        default_factory=dict,
        description="rows with such cells: row path -> every reading still open, each as column -> value"
        " (a neighbouring year's report may decide between them)",
    )
    implausible_cells: dict[str, str] = Field(
        default_factory=dict,
        description="cells left blank because the number printed there cannot be the cell's value (a count"
        " beyond 10⁹, more than 12 digits …): model path -> the text as printed",
    )
    narrative_cells: list[str] = Field(
        default_factory=list,
        description="cells a table row did not print, decided from the narrative's words (see reading_notes)",
    )
    ocr_pages: list[int] = Field(
        default_factory=list, description="pages read by OCR (a scan or a page image); empty for a text layer"
    )
    ocr_confidence: float | None = Field(
        None, description="read by OCR: the lowest probability the recogniser gave a digit of a table value"
    )
    ocr_cells: list[str] = Field(
        default_factory=list,
        description="cells of ambiguous_cells that OCR could not read for certain (an unsure digit)",
    )
    cell_sources: list[str] = Field(
        default_factory=list,
        description="per table: how many cells were read from the table, from run-together digits, from the"
        " narrative, which are blank in the report and which could not be read for certain (cells named)",
    )
    reading_notes: list[str] = Field(
        default_factory=list,
        description="how the reader decided what it read (e.g. how digit runs were split)",
    )
