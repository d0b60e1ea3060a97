"""The dataset for researchers (``spec/supervision.md`` §4): many reports as one long table, one row per
agency × year × cell under the stable keys of ``docs/report-json.md``, plus one row per finding —
written as CSV, XLSX or Parquet.

Columns (:data:`COLUMNS`):

``agency``, ``region``, ``year``, ``template``
    whose report it is; ``region`` is the caller's (a path of the register, or the folder read), may be empty.
``record``
    ``cell`` (a table cell), ``finding`` (a checker finding), or a name a caller adds (:data:`Extra`).
``key``, ``label``, ``value``
    cell: the model path (``requests.received.total``), its official label, the number (empty = blank in the
    report, never 0). finding: the first cell it names (may be empty) and its label; no value.
``code``, ``severity``, ``message``
    finding: the rule code, its severity and message. cell: the codes of the findings naming that cell,
    joined by ``,`` (``code``), otherwise empty.

More records are one argument: ``extra`` takes functions ``(Entry) -> Iterable[Record]``; indicators
(``gongkai.supervise.indicators``, per agency and year) go in as
``write_dataset(entries, out, "parquet", extra=[indicator_records])`` with ``record="indicator"``, ``key`` the
indicator's name and ``value`` its figure. The table is built in chunks, so 25,000 reports never sit in memory
as Python rows at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from gongkai.layout import cell_label
from gongkai.model.report import Number, Report

COLUMNS: tuple[str, ...] = (
    "agency",
    "region",
    "year",
    "template",
    "record",
    "key",
    "label",
    "value",
    "code",
    "severity",
    "message",
)
Format = Literal["csv", "xlsx", "parquet"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "parquet")
#: Rows per XLSX sheet (Excel's limit is 1,048,576 with the header); a larger table continues on a new sheet.
XLSX_SHEET_ROWS = 1_000_000
CHUNK_REPORTS = 500


class FindingLike(Protocol):
    """What the table needs of a finding (``gongkai.Finding`` has it)."""

    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def paths(self) -> tuple[str, ...]: ...
    @property
    def severity(self) -> Any: ...  # an enum with .value, or a string


@dataclass(frozen=True)
class Entry:
    """One report of the dataset: the report, its findings, and the agency and region it is filed under."""

    report: Report
    agency: str
    year: int
    findings: Sequence[FindingLike] = ()
    region: str = ""


@dataclass(frozen=True)
class Record:
    """A row added by an ``extra`` function: ``record`` names its kind (``indicator``), ``key`` the item."""

    record: str
    key: str
    value: Number
    label: str = ""
    code: str = ""
    severity: str = ""
    message: str = ""


Extra = Callable[[Entry], Iterable[Record]]


def _severity(value: Any) -> str:
    return str(getattr(value, "value", value))


def entry_rows(entry: Entry, extra: Sequence[Extra] = ()) -> Iterator[tuple[Any, ...]]:
    """The rows of one report, in :data:`COLUMNS` order: its cells, then its findings, then ``extra``'s."""
    r = entry.report
    head = (entry.agency, entry.region, entry.year, r.template)
    codes: dict[str, list[str]] = {}
    for f in entry.findings:
        for p in f.paths:
            codes.setdefault(p, []).append(f.code)
    for path, value in r.iter_cells():
        if isinstance(value, str):  # 政府集中采购's unit (元/万元): the amount's, said in its label
            continue
        if path.endswith(".amount") and path.startswith("proactive.procurement") and r.template == "2019":
            unit = r.get("proactive.procurement.amount_unit")
            label = cell_label(path, r.template) + (f"（{unit}）" if unit else "")
        else:
            label = cell_label(path, r.template)
        yield (*head, "cell", path, label, value, ",".join(dict.fromkeys(codes.get(path, ()))), "", "")
    for f in entry.findings:
        key = f.paths[0] if f.paths else ""
        label = cell_label(key, r.template) if key else ""
        yield (*head, "finding", key, label, None, f.code, _severity(f.severity), f.message)
    for fn in extra:
        for x in fn(entry):
            yield (*head, x.record, x.key, x.label, x.value, x.code, x.severity, x.message)


def iter_chunks(
    entries: Iterable[Entry], extra: Sequence[Extra] = (), *, chunk: int = CHUNK_REPORTS
) -> Iterator[dict[str, list[Any]]]:
    """The table as column-wise chunks of ``chunk`` reports each (``{column: values}``)."""
    columns: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    n = 0
    for entry in entries:
        for row in entry_rows(entry, extra):
            for c, v in zip(COLUMNS, row, strict=True):
                columns[c].append(v)
        n += 1
        if n % chunk == 0:
            yield columns
            columns = {c: [] for c in COLUMNS}
    if columns[COLUMNS[0]] or n == 0:
        yield columns


def _arrow_schema() -> Any:
    import pyarrow as pa

    types = {"year": pa.int32(), "value": pa.float64()}
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])


def _arrow(columns: dict[str, list[Any]], schema: Any) -> Any:
    import pyarrow as pa

    return pa.table({c: pa.array(columns[c], type=schema.field(c).type) for c in COLUMNS}, schema=schema)


def write_parquet(chunks: Iterable[dict[str, list[Any]]], out: str | Path | IO[bytes]) -> int:
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    rows = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for columns in chunks:
            writer.write_table(_arrow(columns, schema))
            rows += len(columns[COLUMNS[0]])
    return rows


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _same(value: Any) -> Any:
    return value


def write_csv(
    chunks: Iterable[dict[str, list[Any]]], out: IO[str], cell: Callable[[Any], Any] = _same
) -> int:
    """UTF-8 CSV (the caller opens ``out``; with ``encoding="utf-8-sig"`` Excel reads the Chinese); each value
    through ``cell`` (the web application's guard against text a spreadsheet reads as a formula)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    rows = 0
    for columns in chunks:
        for row in zip(*(columns[c] for c in COLUMNS), strict=True):
            writer.writerow(["" if v is None else cell(_cell(v)) for v in row])
            rows += 1
    return rows


def write_xlsx(
    chunks: Iterable[dict[str, list[Any]]], out: str | Path | IO[bytes], cell: Callable[[Any], Any] = _same
) -> int:
    """A write-only workbook; past :data:`XLSX_SHEET_ROWS` rows the table goes on in a new sheet; each value
    through ``cell`` (as for :func:`write_csv`)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    sheet: Any = None
    rows = 0
    for columns in chunks:
        for row in zip(*(columns[c] for c in COLUMNS), strict=True):
            if rows % XLSX_SHEET_ROWS == 0:
                sheet = wb.create_sheet(f"data{rows // XLSX_SHEET_ROWS + 1}")
                sheet.append(list(COLUMNS))
            sheet.append([cell(_cell(v)) for v in row])
            rows += 1
    if sheet is None:
        wb.create_sheet("data1").append(list(COLUMNS))
    wb.save(out)
    return rows


def write_dataset(
    entries: Iterable[Entry],
    out: str | Path | IO[bytes],
    fmt: Format,
    *,
    extra: Sequence[Extra] = (),
    chunk: int = CHUNK_REPORTS,
    cell: Callable[[Any], Any] = _same,
) -> int:
    """Write the dataset of ``entries`` to ``out`` (a path or a binary file) as ``fmt``; returns the rows
    written. ``cell`` turns each value of a CSV or XLSX file into what is written (the web application passes
    its guard against formula injection)."""
    chunks = iter_chunks(entries, extra, chunk=chunk)
    if fmt == "parquet":
        return write_parquet(chunks, out)
    if fmt == "xlsx":
        return write_xlsx(chunks, out, cell)
    if fmt == "csv":
        if isinstance(out, str | Path):
            with open(out, "w", encoding="utf-8-sig", newline="") as f:
                return write_csv(chunks, f, cell)
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
        try:
            return write_csv(chunks, text, cell)
        finally:
            text.flush()
            text.detach()
    raise ValueError(f"unknown format {fmt!r}")
