"""The annual report as data: one model per template, exactly the keys of spec ``report-json.md``.

A cell value is a number or ``None`` (blank, ``/``, ``—``, ``-``, ``无`` in the source). Counts should be
integers; a report that prints a decimal or a negative count is read as printed and the checker reports it, so
the cell type is ``int | float | None``. Where a value was read from a file, ``cells`` maps its model path
(``requests.received.total``) to the place it was read from.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, TypeAdapter

SCHEMA_ID = "gongkai.annual-report/1"

Number = int | float | None


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# ---- 表三 ---------------------------------------------------------------------------------


class RequestRow(_Table):
    """One row of 表三: the six applicant columns and 总计."""

    natural_person: Number = None
    commercial: Number = None
    research: Number = None
    social_welfare: Number = None
    legal_services: Number = None
    other_org: Number = None
    total: Number = None


REQUEST_COLUMNS: tuple[str, ...] = tuple(RequestRow.model_fields)
APPLICANT_COLUMNS: tuple[str, ...] = REQUEST_COLUMNS[:-1]


def _row() -> Any:
    return Field(default_factory=RequestRow)


class _RequestsCommon(_Table):
    received: RequestRow = _row()
    carried_over: RequestRow = _row()
    granted: RequestRow = _row()
    partially_granted: RequestRow = _row()
    refused_state_secret: RequestRow = _row()
    refused_prohibited_by_law: RequestRow = _row()
    refused_security_stability: RequestRow = _row()
    refused_third_party: RequestRow = _row()
    refused_internal_affairs: RequestRow = _row()
    refused_process_information: RequestRow = _row()
    refused_enforcement_file: RequestRow = _row()
    refused_administrative_query: RequestRow = _row()
    unable_not_held: RequestRow = _row()
    unable_needs_creation: RequestRow = _row()
    unable_unclear: RequestRow = _row()
    not_processed_complaint: RequestRow = _row()
    not_processed_repeated: RequestRow = _row()
    not_processed_publication: RequestRow = _row()
    not_processed_excessive: RequestRow = _row()
    not_processed_confirmation: RequestRow = _row()
    other: RequestRow = _row()


class Requests2019(_RequestsCommon):
    """表三 of the 2019 template: （六）其他处理 is one row."""

    total_handled: RequestRow = _row()
    carried_forward: RequestRow = _row()


class Requests2021(_RequestsCommon):
    """表三 of the 2021 template. ``other`` stays blank unless （六） is printed as one row (hybrid)."""

    other_no_correction: RequestRow = _row()
    other_unpaid_fee: RequestRow = _row()
    other_misc: RequestRow = _row()
    total_handled: RequestRow = _row()
    carried_forward: RequestRow = _row()


# ---- 表四 ---------------------------------------------------------------------------------


class AppealGroup(_Table):
    upheld: Number = None
    corrected: Number = None
    other: Number = None
    pending: Number = None
    total: Number = None


APPEAL_COLUMNS: tuple[str, ...] = tuple(AppealGroup.model_fields)


class Appeals(_Table):
    review: AppealGroup = Field(default_factory=AppealGroup)
    suit_direct: AppealGroup = Field(default_factory=AppealGroup)
    suit_after_review: AppealGroup = Field(default_factory=AppealGroup)


# ---- 表二 ---------------------------------------------------------------------------------


class Documents2019(_Table):
    made: Number = None
    published: Number = None
    total_published: Number = None


class Items2019(_Table):
    items_last_year: Number = None
    items_change: Number = Field(None, description="(signed)")
    decisions: Number = None


class FeeItems2019(_Table):
    items_last_year: Number = None
    items_change: Number = Field(None, description="(signed)")


class Procurement2019(_Table):
    projects: Number = None
    amount: Number = None
    amount_unit: Literal["元", "万元"] | None = Field(None, description="unit of amount, null if not stated")


class Proactive2019(_Table):
    rules: Documents2019 = Field(default_factory=Documents2019)
    normative_documents: Documents2019 = Field(default_factory=Documents2019)
    licensing: Items2019 = Field(default_factory=Items2019)
    other_services: Items2019 = Field(default_factory=Items2019)
    penalty: Items2019 = Field(default_factory=Items2019)
    coercion: Items2019 = Field(default_factory=Items2019)
    fees: FeeItems2019 = Field(default_factory=FeeItems2019)
    procurement: Procurement2019 = Field(default_factory=Procurement2019)


class Documents2021(_Table):
    issued: Number = None
    repealed: Number = None
    in_force: Number = None


class Decisions2021(_Table):
    decisions: Number = None


class FeeAmount2021(_Table):
    amount: Number = None


class Proactive2021(_Table):
    rules: Documents2021 = Field(default_factory=Documents2021)
    normative_documents: Documents2021 = Field(default_factory=Documents2021)
    licensing: Decisions2021 = Field(default_factory=Decisions2021)
    penalty: Decisions2021 = Field(default_factory=Decisions2021)
    coercion: Decisions2021 = Field(default_factory=Decisions2021)
    fees: FeeAmount2021 = Field(default_factory=FeeAmount2021)


# ---- the report -------------------------------------------------------------------------


class Sections(_Table):
    overview: str | None = None
    problems: str | None = None
    other: str | None = None


class Source(_Table):
    file: str | None = None
    sha256: str | None = None
    reader: str | None = None


class Location(_Table):
    """Where a value was read: a line of a text file, or a table/row/column (and page) of a document."""

    line: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    text: str | None = Field(None, description="the source text the value was read from")
    confidence: float | None = Field(
        None, description="read by OCR: the recogniser's lowest probability for a digit of the value (0–1)"
    )

    def __str__(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.table is not None:
            parts.append(f"表{self.table}")
        if self.row is not None:
            parts.append(f"行{self.row}")
        if self.col is not None:
            parts.append(f"列{self.col}")
        return "".join(parts) or "?"


@functools.cache
def _cell_paths(rows: type[BaseModel], table: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """A table's rows, each with its columns and their paths (``requests.received.total``): worked out once
    per table model, as asking a model for its fields costs more than reading the value."""
    return tuple(
        (row, tuple((col, f"{table}.{row}.{col}") for col in field.annotation.model_fields))  # type: ignore[union-attr]
        for row, field in rows.model_fields.items()
    )


#: the cells' source locations dumped in one call (a ``model_dump`` per cell cost more than the report's)
_LOCATIONS: TypeAdapter[dict[str, Location]] = TypeAdapter(dict[str, Location])


class _ReportBase(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=True)

    schema_: Literal["gongkai.annual-report/1"] = Field("gongkai.annual-report/1", alias="schema")
    agency: str | None = None
    year: int | None = None
    title: str | None = None
    sections: Sections = Field(default_factory=Sections)
    appeals: Appeals = Field(default_factory=Appeals)
    source: Source | None = None
    cells: dict[str, Location] | None = Field(
        None, description="optional: source location of each value, keyed by model path"
    )
    # Non-official subtotal rows a reader saw (e.g. a （三）不予公开 row with numbers), for rule T306.
    _subtotals: dict[str, dict[str, Number]] = PrivateAttr(default_factory=dict)

    # -- cell access by path --------------------------------------------------------------------------

    def get(self, path: str) -> Any:
        node: Any = self
        for part in path.split("."):
            node = getattr(node, part)
        return node

    def set(self, path: str, value: Any) -> None:
        *head, last = path.split(".")
        node: Any = self
        for part in head:
            node = getattr(node, part)
        setattr(node, last, value)

    def iter_cells(self) -> Iterator[tuple[str, Any]]:
        """Every table cell as ``(path, value)``, in official order."""
        for table in ("proactive", "requests", "appeals"):
            rows: BaseModel = getattr(self, table)
            for row_key, cols in _cell_paths(type(rows), table):
                row: BaseModel = getattr(rows, row_key)
                for col, path in cols:
                    yield path, getattr(row, col)

    @property
    def subtotals(self) -> dict[str, dict[str, Number]]:
        return self._subtotals

    def to_json_dict(self, *, with_cells: bool = False) -> dict[str, Any]:
        data = self.model_dump(mode="json", by_alias=True, exclude={"cells"})
        # Fixed key order of report-json.md; `cells` only when asked for and known.
        order = [
            "schema",
            "template",
            "agency",
            "year",
            "title",
            "sections",
            "proactive",
            "requests",
            "appeals",
        ]
        out = {k: data[k] for k in order}
        out["source"] = data["source"]
        if with_cells and self.cells:
            out["cells"] = _LOCATIONS.dump_python(self.cells, exclude_none=True)
        return out


class Report2019(_ReportBase):
    """A report in the 2019 template (国办公开办函〔2019〕60号; report years 2019–2020)."""

    template: Literal["2019"] = "2019"
    proactive: Proactive2019 = Field(default_factory=Proactive2019)
    requests: Requests2019 = Field(default_factory=Requests2019)


class Report2021(_ReportBase):
    """A report in the 2021 template (国办公开办函〔2021〕30号; report years 2021 on)."""

    template: Literal["2021"] = "2021"
    proactive: Proactive2021 = Field(default_factory=Proactive2021)
    requests: Requests2021 = Field(default_factory=Requests2021)

    @property
    def single_other_row(self) -> bool:
        """True for the hybrid layout: 2021 headings but （六）其他处理 printed as one row."""
        subs = (self.requests.other_no_correction, self.requests.other_unpaid_fee, self.requests.other_misc)
        other_filled = any(v is not None for v in self.requests.other.model_dump().values())
        return other_filled and all(v is None for r in subs for v in r.model_dump().values())


AnnualReport = Annotated[Report2019 | Report2021, Field(discriminator="template")]
Report = Report2019 | Report2021

_ADAPTER: TypeAdapter[Report] = TypeAdapter(AnnualReport)


def report_from_dict(data: dict[str, Any], *, cells: bool = True) -> Report:
    """Validate a JSON-form dict into a report (raises ``pydantic.ValidationError``). ``cells=False``: without
    the cells' source locations (``cells``), which take most of the validation's time."""
    if not cells:
        data = {k: v for k, v in data.items() if k != "cells"}
    return _ADAPTER.validate_python(data)


def new_report(template: str) -> Report:
    return Report2019() if template == "2019" else Report2021()
