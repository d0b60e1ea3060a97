"""The register of agencies as a spreadsheet (``spec/supervision.md`` §1): export a region's tree to Excel or
CSV, and import one back — parse, validate every row, plan what would change, and apply the plan in one
transaction with an audit entry per agency changed. A file with any bad row changes nothing.

Rows are matched to agencies by 代码; the parent is named by 上级机构代码 (or, without that column or cell, by
上级机构名称). Agencies of the region that the file does not name are left as they are (never deleted).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import openpyxl
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.clock import AgencyKind
from gongkai.model import clean_text
from gongkai_web.agencies import audit
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import require
from gongkai_web.common import spreadsheets
from gongkai_web.common.csvfiles import read_csv_rows
from gongkai_web.common.errors import WebError

# (field, header written on export, other headers read on import); the first two are required.
COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("name", "机构名称", ("名称",)),
    ("code", "代码", ("机构代码",)),
    ("short_name", "简称", ()),
    ("parent_code", "上级机构代码", ()),
    ("parent_name", "上级机构名称", ("上级机构",)),
    ("kind", "类别", ("机构类别",)),
    ("website", "网站", ("网站网址",)),
    ("report_url", "年报栏目网址", ("年报栏目",)),
)
HEADERS = {f: h for f, h, _a in COLUMNS}
# the agency fields an import sets (and the audit entry records)
FIELDS = ("name", "short_name", "kind", "parent", "website", "report_url")
MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED = 50 * 1024 * 1024  # an .xlsx is a zip: refuse one that would unpack to more than this
MAX_ROWS = 20_000
MAX_LENGTHS = {"name": 200, "code": 40, "short_name": 60, "website": 300, "report_url": 300}


def kind_by_label() -> dict[str, str]:
    """Each kind by its Chinese label and by its stored value."""
    out = {k.label_zh: k.value for k in AgencyKind}
    out.update({k.value: k.value for k in AgencyKind})
    return out


class RegisterError(WebError):
    """The file as a whole cannot be read (not its rows: those are :class:`RowError`)."""


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number (the header is row 1)
    column: str  # the Chinese header
    message: str

    def __str__(self) -> str:
        return _("第 %(row)s 行“%(col)s”：%(msg)s") % {
            "row": self.row,
            "col": self.column,
            "msg": self.message,
        }


@dataclass
class Row:
    number: int
    values: dict[str, str]


@dataclass
class Change:
    """One agency to create (``agency`` None) or update, with the fields it would get."""

    row: int
    code: str
    agency: Agency | None
    values: dict[str, object]
    changed: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return AgencyKind(str(self.values["kind"])).label_zh


@dataclass
class Plan:
    rows: int
    errors: list[RowError]
    creates: list[Change]
    updates: list[Change]
    unchanged: int

    @property
    def ok(self) -> bool:
        return not self.errors


# ---- reading the file


def read_rows(data: bytes, filename: str) -> list[Row]:
    """The data rows of an .xlsx or .csv file, each value cleaned text; a file that cannot be read raises
    :class:`RegisterError` with the reason in Chinese."""
    if len(data) > MAX_BYTES:
        raise RegisterError(_("文件过大（上限 2 MB）"), field="file")
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = _xlsx_table(data)
    elif name.endswith(".csv"):
        table = _csv_table(data)
    else:
        raise RegisterError(_("只能导入 Excel（.xlsx）或 CSV（.csv）文件"), field="file")
    if not table:
        raise RegisterError(_("文件是空的"), field="file")
    header = [clean_text(str(h or "")).strip() for h in table[0]]
    index: dict[str, int] = {}
    for fname, head, aliases in COLUMNS:
        for i, h in enumerate(header):
            if h == head or h in aliases:
                index.setdefault(fname, i)
    missing = [HEADERS[f] for f in ("name", "code") if f not in index]
    if missing:
        raise RegisterError(
            _("第 1 行须为表头，缺少“%(cols)s”列（可用的列：%(all)s）")
            % {"cols": "”“".join(missing), "all": "、".join(h for _f, h, _a in COLUMNS)},
            field="file",
        )
    if len(table) > MAX_ROWS + 1:
        raise RegisterError(_("行数过多（上限 %(n)s 行）") % {"n": MAX_ROWS}, field="file")
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {f: _cell(cells, i) for f, i in index.items()}
        if any(values.values()):
            rows.append(Row(number, values))
    return rows


def _cell(cells: Sequence[object], i: int) -> str:
    value = cells[i] if i < len(cells) else None
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number in Excel
    return spreadsheets.unguard(clean_text(str(value)).strip())


def _xlsx_table(data: bytes) -> list[Sequence[object]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise RegisterError(_("无法读取该 Excel 文件（不是 .xlsx 格式）"), field="file") from exc
    if unpacked > MAX_UNPACKED:
        raise RegisterError(_("该 Excel 文件解压后过大（上限 50 MB）"), field="file")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, KeyError) on a damaged file
        raise RegisterError(
            _("无法读取该 Excel 文件（%(why)s）") % {"why": type(exc).__name__}, field="file"
        ) from exc
    try:
        sheet = book.worksheets[0]
        return [tuple(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _csv_table(data: bytes) -> list[Sequence[object]]:
    try:
        rows = read_csv_rows(data)
    except csv.Error as exc:
        raise RegisterError(_("CSV 文件格式错误：%(why)s") % {"why": exc}, field="file") from exc
    if rows is None:
        raise RegisterError(_("CSV 文件的编码无法识别（请用 UTF-8 或 GBK）"), field="file")
    return [tuple(r) for r in rows]


# ---- validating and planning


def plan_import(rows: list[Row], region: Agency | None) -> Plan:
    """Validate every row against the register and ``region`` (None: the whole tree, for an administrator)
    and work out what would change. Every error names its row and column."""
    errors: list[RowError] = []
    kinds = kind_by_label()
    url = URLValidator(schemes=["http", "https"])
    existing = {a.code: a for a in Agency.objects.select_related("parent")}
    by_name: dict[str, list[str]] = {}
    for a in existing.values():
        by_name.setdefault(a.name, []).append(a.code)
    file_codes: dict[str, int] = {}
    for r in rows:
        code = r.values.get("code", "")
        if code in file_codes:
            errors.append(
                RowError(
                    r.number,
                    HEADERS["code"],
                    _("代码 %(c)s 与第 %(n)s 行重复") % {"c": code, "n": file_codes[code]},
                )
            )
        elif code:
            file_codes[code] = r.number
            name = r.values.get("name", "")
            codes = by_name.setdefault(name, [])
            if code not in codes:
                codes.append(code)
    parents: dict[str, str | None] = {
        c: (a.parent.code if a.parent_id and a.parent else None) for c, a in existing.items()
    }
    wanted: dict[str, dict[str, object]] = {}
    for r in rows:
        v = r.values
        row_errors: list[RowError] = []
        for f in ("name", "code"):
            if not v.get(f):
                row_errors.append(RowError(r.number, HEADERS[f], _("不能为空")))
        for f, limit in MAX_LENGTHS.items():
            if len(v.get(f, "")) > limit:
                row_errors.append(RowError(r.number, HEADERS[f], _("超过 %(n)s 个字符") % {"n": limit}))
        kind = v.get("kind", "")
        if kind and kind not in kinds:
            row_errors.append(
                RowError(
                    r.number,
                    HEADERS["kind"],
                    _("未知的类别“%(k)s”（可用：%(all)s）")
                    % {"k": kind, "all": "、".join(k.label_zh for k in AgencyKind)},
                )
            )
        for f in ("website", "report_url"):
            if v.get(f):
                try:
                    url(v[f])
                except ValidationError:
                    row_errors.append(
                        RowError(
                            r.number,
                            HEADERS[f],
                            _("网址无效：%(u)s（须以 http:// 或 https:// 开头）") % {"u": v[f]},
                        )
                    )
        parent_code, perr = _parent_code(r, by_name, existing, file_codes)
        if perr:
            row_errors.append(perr)
        code = v.get("code", "")
        if not row_errors and code and file_codes.get(code) == r.number:
            agency = existing.get(code)
            values: dict[str, object] = {
                "name": v["name"],
                "short_name": v.get("short_name", "")
                if "short_name" in v
                else (agency.short_name if agency else ""),
                "kind": kinds[kind] if kind else (agency.kind if agency else AgencyKind.DEPARTMENT.value),
                "website": v.get("website", "") if "website" in v else (agency.website if agency else ""),
                "report_url": v.get("report_url", "")
                if "report_url" in v
                else (agency.report_url if agency else ""),
            }
            wanted[code] = {**values, "parent_code": parent_code, "row": r.number}
            parents[code] = parent_code
        errors.extend(row_errors)
    errors.extend(_tree_errors(wanted, parents, existing, region))
    creates, updates, unchanged = [], [], 0
    if not errors:
        for code, w in wanted.items():
            row = int(w.pop("row"))  # type: ignore[call-overload]
            agency = existing.get(code)
            change = Change(row, code, agency, w)
            if agency is None:
                creates.append(change)
                continue
            current = {
                **{f: getattr(agency, f) for f in ("name", "short_name", "kind", "website", "report_url")},
                "parent_code": parents_before(agency),
            }
            change.changed = [HEADERS[f] for f in current if current[f] != w[f]]
            if change.changed:
                updates.append(change)
            else:
                unchanged += 1
    errors.sort(key=lambda e: e.row)
    return Plan(len(rows), errors, creates, updates, unchanged)


def parents_before(agency: Agency) -> str | None:
    return agency.parent.code if agency.parent_id and agency.parent else None


def _parent_code(
    r: Row, by_name: dict[str, list[str]], existing: dict[str, Agency], file_codes: dict[str, int]
) -> tuple[str | None, RowError | None]:
    code = r.values.get("parent_code", "")
    if code:
        if code not in existing and code not in file_codes:
            return None, RowError(
                r.number,
                HEADERS["parent_code"],
                _("找不到代码为 %(c)s 的机构（登记簿和本文件中都没有）") % {"c": code},
            )
        return code, None
    name = r.values.get("parent_name", "")
    if not name:
        return None, None
    codes = by_name.get(name, [])
    if not codes:
        return None, RowError(r.number, HEADERS["parent_name"], _("找不到名为“%(n)s”的机构") % {"n": name})
    if len(codes) > 1:
        return None, RowError(
            r.number, HEADERS["parent_name"], _("名为“%(n)s”的机构不止一个，请改填上级机构代码") % {"n": name}
        )
    return codes[0], None


def _tree_errors(
    wanted: dict[str, dict[str, object]],
    parents: dict[str, str | None],
    existing: dict[str, Agency],
    region: Agency | None,
) -> list[RowError]:
    """Cycles, and (for a supervisor) agencies placed outside their region."""
    errors = []
    column = HEADERS["parent_code"]
    for code, w in wanted.items():
        row = int(w["row"])  # type: ignore[call-overload]
        seen = [code]
        up = parents.get(code)
        while up is not None and up not in seen:
            seen.append(up)
            up = parents.get(up)
        if up is not None:
            errors.append(
                RowError(row, column, _("上级关系形成循环：%(chain)s") % {"chain": " → ".join([*seen, up])})
            )
            continue
        if region is None:
            continue
        agency = existing.get(code)
        if agency is not None and agency.pk == region.pk:
            if w["parent_code"] != parents_before(agency):
                errors.append(
                    RowError(row, column, _("不能更改本地区（%(n)s）的上级机构") % {"n": region.name})
                )
            continue
        if agency is not None and not agency.path.startswith(region.path):
            errors.append(
                RowError(
                    row,
                    HEADERS["code"],
                    _("代码 %(c)s 属于本地区以外的机构“%(n)s”") % {"c": code, "n": agency.name},
                )
            )
        elif region.code not in seen[1:]:
            errors.append(
                RowError(row, column, _("上级机构须为本地区（%(n)s）或其下级机构") % {"n": region.name})
            )
    return errors


# ---- applying


def apply_import(actor: User, rows: list[Row], region: Agency | None) -> Plan:
    """Validate again and, if every row is good, create and update in one transaction, one audit entry per
    agency changed; a plan with errors changes nothing."""
    with transaction.atomic():
        if region is not None:
            require(actor, "keep_register", region)
        plan = plan_import(rows, region)
        if not plan.ok:
            return plan
        by_code = {a.code: a for a in Agency.objects.select_for_update().all()}
        pending = [*plan.creates, *plan.updates]
        # parents first: an agency's parent may be created in the same file
        while pending:
            waiting = {c.code for c in pending}
            ready = [c for c in pending if c.values["parent_code"] not in waiting]
            if not ready:  # plan_import refused every cycle
                raise RuntimeError("register import: no agency is ready")
            for change in ready:
                _apply_one(actor, change, by_code)
                pending.remove(change)
    return plan


def _apply_one(actor: User, change: Change, by_code: dict[str, Agency]) -> None:
    values = dict(change.values)
    parent_code = values.pop("parent_code")
    parent = by_code[str(parent_code)] if parent_code else None
    agency = by_code.get(change.code) or Agency(code=change.code)
    before = audit.snapshot(agency, FIELDS) if agency.pk else None
    for name, value in values.items():
        setattr(agency, name, value)
    agency.parent = parent
    agency.save()
    by_code[change.code] = agency
    audit.record(
        actor, "register_import", agency, agency=agency, before=before, after=audit.snapshot(agency, FIELDS)
    )


# ---- export


def tree_order(agencies: Iterable[Agency]) -> list[Agency]:
    """Parents before children, siblings in the order they were created (ids compared as numbers)."""
    return sorted(agencies, key=lambda a: [int(p) for p in a.path.strip("/").split("/") if p])


def export_rows(agencies: Iterable[Agency]) -> list[list[str]]:
    """The header and one row per agency, parents before children (the import's format)."""
    out = [
        [HEADERS[f] for f in ("name", "short_name", "code", "parent_code", "kind", "website", "report_url")]
    ]
    for a in tree_order(agencies):
        parent = a.parent.code if a.parent_id and a.parent else ""
        out.append(
            [a.name, a.short_name, a.code, parent, AgencyKind(a.kind).label_zh, a.website, a.report_url]
        )
    return out


EXPORT_WIDTHS = (30, 14, 24, 24, 12, 36, 48)


def to_xlsx(table: Sequence[Sequence[object]], title: str, widths: Sequence[int] = ()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    for row in table:
        sheet.append(spreadsheets.row(row))
    for i, width in enumerate(widths):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width = width
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def to_csv(table: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(spreadsheets.row(row) for row in table)
    return buf.getvalue().encode("utf-8-sig")  # the BOM makes Excel read it as UTF-8
