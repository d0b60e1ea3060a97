"""The report's tables computed from the ledger: every cell is one of the named queries below.

Each query is a ``Q`` (or a queryset) defined ONCE and used twice: inside an aggregate (``Count(filter=Q)``,
``GROUP BY`` the applicant column or the case kind — a handful of SQL statements per report, no Python loop
over records) and as the filter of the drill-down list behind the number (:func:`cell_records`).

When an application "ends" (:data:`ENDED_ON`): the date of the reply (``decided_on``), or, for an
application closed without one (withdrawn, 逾期不补正, 逾期未缴费), the closing date. An application ends in
the year that date falls in, with its coded outcome (one application = one 表三 row, spec §6.2). Whatever
is received by 31 December and not ended by then is carried forward, so for every column

    received + carried_over = total_handled + carried_forward

holds by construction: the four sets partition the applications received by 31 December that had not ended
before 1 January.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from gongkai import layout
from gongkai.layout import template_for_year
from gongkai.model import APPEAL_COLUMNS, APPLICANT_COLUMNS, Report, new_report
from gongkai_web.agencies.models import Agency
from gongkai_web.appeals.models import Appeal
from gongkai_web.applications.choices import EventKind, Status
from gongkai_web.applications.models import Application, ApplicationEvent
from gongkai_web.disclosures.models import AnnualFigure, Disclosure, Validity, figure_specs

#: The date an application ended (reply, else closing); NULL while it is still being handled.
ENDED_ON = Coalesce("decided_on", "closed_on")


def _start(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def _end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _ended_by(day: dt.date) -> Q:
    """Ended (with a coded outcome) on or before ``day``."""
    return Q(ended_on__lte=day) & ~Q(outcome="")


# ---- 表三: one Q per row ------------------------------------------------------------------------------


def received_q(year: int) -> Q:
    """一、本年新收: received (Art. 31 date) between 1 January and 31 December."""
    return Q(received_on__gte=_start(year), received_on__lte=_end(year))


def carried_over_q(year: int) -> Q:
    """二、上年结转: received before 1 January and not ended by 31 December of the previous year."""
    return Q(received_on__lt=_start(year)) & ~_ended_by(_start(year) - dt.timedelta(days=1))


def handled_q(year: int, outcomes: tuple[str, ...] | None = None) -> Q:
    """三、本年度办理结果: received by 31 December and ended in the year with one of ``outcomes`` (the
    ledger's 2021 row keys; ``None`` = any outcome, i.e. （七）总计)."""
    q = Q(received_on__lte=_end(year), ended_on__gte=_start(year)) & _ended_by(_end(year))
    if outcomes is not None:
        q &= Q(outcome__in=outcomes)
    return q


def carried_forward_q(year: int) -> Q:
    """四、结转下年度继续办理: received by 31 December and not ended by then."""
    return Q(received_on__lte=_end(year)) & ~_ended_by(_end(year))


def applications(agency: Agency) -> QuerySet[Application]:
    """The agency's received applications, annotated with :data:`ENDED_ON` (the base of every 表三 cell);
    a voided one (registered by mistake) never counts."""
    return (
        Application.objects.filter(agency=agency, received_on__isnull=False)
        .exclude(status=Status.VOIDED)
        .annotate(ended_on=ENDED_ON)
    )


def outcome_rows(template: str) -> dict[str, tuple[str, ...]]:
    """表三 outcome row of the template → the ledger outcome keys counted in it. The ledger codes in the
    2021 rows; the 2019 template has one （六）其他处理 row for the three （六） sub-rows."""
    out: dict[str, tuple[str, ...]] = {}
    for key in layout.outcome_row_keys(new_report("2021")):
        row = layout.counted_in(key, template)
        out[row] = (*out.get(row, ()), key)
    return out


FIXED_ROWS = ("received", "carried_over", "total_handled", "carried_forward")


def counted_q(year: int) -> Q:
    """The applications any 表三 row of ``year`` can count: received by 31 December and not ended (with an
    outcome) before 1 January — the union of :data:`FIXED_ROWS`' sets, which narrows the one scan."""
    return Q(received_on__lte=_end(year)) & ~_ended_by(_start(year) - dt.timedelta(days=1))


def request_table(agency: Agency, year: int, template: str) -> dict[str, dict[str, int]]:
    """表三 as ``{row: {column: count}}``: ONE ``GROUP BY applicant_type, outcome`` pass over the agency's
    applications that can count in the year (:func:`counted_q`; the index ``app_report_idx`` covers it),
    each group carrying the four fixed rows' counts and its outcome's 办理结果 count."""
    cols = list(APPLICANT_COLUMNS)
    table: dict[str, dict[str, int]] = {}
    rows = outcome_rows(template)
    for key in (*FIXED_ROWS[:2], *rows, *FIXED_ROWS[2:]):
        table[key] = dict.fromkeys(cols, 0)
    groups = (
        applications(agency)
        .filter(counted_q(year))
        .values("applicant_type", "outcome")
        .annotate(
            received=Count("id", filter=received_q(year)),
            carried_over=Count("id", filter=carried_over_q(year)),
            total_handled=Count("id", filter=handled_q(year)),
            carried_forward=Count("id", filter=carried_forward_q(year)),
        )
    )
    by_outcome = {ledger_key: row for row, keys in rows.items() for ledger_key in keys}
    for rec in groups.order_by():
        col = rec["applicant_type"]
        if col not in table["received"]:
            continue
        for key in FIXED_ROWS:
            table[key][col] += rec[key]
        row = by_outcome.get(rec["outcome"])
        if row is not None:
            table[row][col] += rec["total_handled"]
    for counts in table.values():
        counts["total"] = sum(counts[c] for c in cols)
    return table


def request_q(row: str, year: int, template: str) -> Q:
    """The Q of one 表三 row (for the drill-down)."""
    if row == "received":
        return received_q(year)
    if row == "carried_over":
        return carried_over_q(year)
    if row == "total_handled":
        return handled_q(year)
    if row == "carried_forward":
        return carried_forward_q(year)
    return handled_q(year, outcome_rows(template)[row])


# ---- 表四 -------------------------------------------------------------------------------------------


def appeal_cases_q(year: int) -> Q:
    """The cases a year's 表四 counts: filed in the year, or filed earlier and decided in the year (last
    year's 尚未审结 cases, which have no 上年结转 slot, spec §5.2 T4-3); a voided case never counts."""
    filed = Q(filed_on__gte=_start(year), filed_on__lte=_end(year)) | Q(
        filed_on__lt=_start(year), decided_on__gte=_start(year), decided_on__lte=_end(year)
    )
    return filed & Q(voided_at__isnull=True)


def appeal_column_q(year: int, column: str) -> Q:
    """The 表四 column of a case as of 31 December: its result if decided by then, else 尚未审结."""
    decided = Q(decided_on__lte=_end(year)) & ~Q(outcome="pending")
    if column == "pending":
        return ~decided
    if column == "total":
        return Q()
    return decided & Q(outcome=column)


def appeal_table(agency: Agency, year: int) -> dict[str, dict[str, int]]:
    """表四 as ``{group: {column: count}}``: one GROUP BY kind query."""
    parts = [c for c in APPEAL_COLUMNS if c != "total"]
    groups = ("review", "suit_direct", "suit_after_review")
    table = {g: dict.fromkeys(APPEAL_COLUMNS, 0) for g in groups}
    qs = (
        Appeal.objects.filter(agency=agency)
        .filter(appeal_cases_q(year))
        .values("kind")
        .annotate(**{c: Count("id", filter=appeal_column_q(year, c)) for c in parts})
    )
    for rec in qs.order_by():
        if rec["kind"] in table:
            for c in parts:
                table[rec["kind"]][c] = rec[c]
    for counts in table.values():
        counts["total"] = sum(counts[c] for c in parts)
    return table


# ---- 表二 -------------------------------------------------------------------------------------------

DOCUMENT_ROWS = {"rules": "is_rule", "normative_documents": "is_normative"}


def issued_q(year: int) -> Q:
    """本年制发件数: the catalogue entries issued (发文日期) in the year."""
    return Q(issued_on__gte=_start(year), issued_on__lte=_end(year))


def repealed_q(year: int) -> Q:
    """本年废止件数: entries marked 废止 with the repeal dated in the year."""
    return Q(
        validity=Validity.REPEALED, validity_changed_on__gte=_start(year), validity_changed_on__lte=_end(year)
    )


def in_force_q(year: int) -> Q:
    """现行有效件数: issued by 31 December and neither repealed nor expired by then."""
    return Q(issued_on__lte=_end(year)) & (Q(validity=Validity.VALID) | Q(validity_changed_on__gt=_end(year)))


def year_entries(year: int) -> QuerySet[Disclosure]:
    """The catalogue entries a year's report counts: published and issued in the year (表二 本年制发, and
    section 一's entries, per category and per channel)."""
    return Disclosure.objects.published().filter(issued_q(year))


DOCUMENT_COLUMNS = {"issued": issued_q, "repealed": repealed_q, "in_force": in_force_q}
# The 2019 template's columns, read from the same queries (本年新制作/本年新公开 = issued in the year).
DOCUMENT_COLUMNS_2019 = {"made": issued_q, "published": issued_q, "total_published": in_force_q}


def document_table(agency: Agency, year: int, template: str) -> dict[str, dict[str, int]]:
    """表二 第二十条第（一）项 from the catalogue: one aggregate per row."""
    columns = DOCUMENT_COLUMNS if template == "2021" else DOCUMENT_COLUMNS_2019
    out: dict[str, dict[str, int]] = {}
    for row, flag in DOCUMENT_ROWS.items():
        agg = (
            Disclosure.objects.published()
            .filter(agency=agency, **{flag: True})
            .aggregate(**{col: Count("id", filter=fn(year)) for col, fn in columns.items()})
        )
        out[row] = agg
    return out


def entered_figures(agency: Agency, year: int) -> dict[str, Decimal | str]:
    """The 表二 cells entered by hand for the year, by path below ``proactive``, in the template of the year
    (one query): 2021 ``licensing.decisions`` … ``fees.amount`` (万元); 2019 the item counts, 本年增/减
    (signed), 处理决定数量, ``procurement.projects`` and ``procurement.amount`` with its unit as
    ``procurement.amount_unit`` (元/万元). Figures entered under another template's keys are left out."""
    keys = {spec.key: spec for spec in figure_specs(template_for_year(year))}
    out: dict[str, Decimal | str] = {}
    rows = AnnualFigure.objects.filter(agency=agency, year=year, key__in=list(keys))
    for key, value, unit in rows.values_list("key", "value", "unit"):
        out[key] = value
        if keys[key].has_unit and unit:
            out[f"{keys[key].row}.{keys[key].column}_unit"] = unit
    return out


# ---- §六: 信息处理费 ------------------------------------------------------------------------------------


def fee_paid_q(year: int) -> Q:
    """Applications whose 信息处理费 was paid in the year (a 缴费 event dated in the year). The payments are
    one uncorrelated subquery (served by ``event_kind_date_idx``), not a lookup per fee notice."""
    paid = ApplicationEvent.objects.filter(
        kind=EventKind.FEE_PAID, date__gte=_start(year), date__lte=_end(year)
    ).values("application_id")
    return Q(kind=EventKind.FEE_NOTICE) & Q(application_id__in=paid)


@dataclass(frozen=True)
class Fees:
    count: int
    amount: int  # 元

    @property
    def amount_wan(self) -> Decimal:
        return (Decimal(self.amount) / 10000).normalize()


def fees_charged(agency: Agency, year: int) -> Fees:
    """信息处理费 charged in the year: the fee notices whose payment is dated in the year (count, 元)."""
    agg = (
        ApplicationEvent.objects.filter(application__agency=agency)
        .exclude(application__status=Status.VOIDED)
        .filter(fee_paid_q(year))
        .aggregate(n=Count("id"), amount=Sum("amount"))
    )
    return Fees(agg["n"], agg["amount"] or 0)


def fee_applications(agency: Agency, year: int) -> QuerySet[Application]:
    notices = ApplicationEvent.objects.filter(application=OuterRef("pk")).filter(fee_paid_q(year))
    return applications(agency).filter(Exists(notices))


# ---- the whole report --------------------------------------------------------------------------------


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def compute_report(agency: Agency, year: int, sections: dict[str, str | None] | None = None) -> Report:
    """The report of ``agency`` for ``year`` with every table computed from the ledger now."""
    template = template_for_year(year)
    report = new_report(template)
    report.agency = agency.name
    report.year = year
    report.title = layout.title(agency.name, year)
    for row, counts in request_table(agency, year, template).items():
        for col, n in counts.items():
            report.set(f"requests.{row}.{col}", n)
    for group, counts in appeal_table(agency, year).items():
        for col, n in counts.items():
            report.set(f"appeals.{group}.{col}", n)
    for row, counts in document_table(agency, year, template).items():
        for col, n in counts.items():
            report.set(f"proactive.{row}.{col}", n)
    for key, value in entered_figures(agency, year).items():
        report.set(f"proactive.{key}", value if isinstance(value, str) else _number(value))
    for key, text in (sections or {}).items():
        report.set(f"sections.{key}", text)  # None: not written yet; "": saved empty
    return report


# ---- drill-down -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellRecords:
    kind: str  # "applications" | "appeals" | "disclosures"
    queryset: QuerySet[Any]


def cell_records(agency: Agency, year: int, path: str) -> CellRecords:
    """The records behind a cell (``requests.received.natural_person``, ``appeals.review.pending``,
    ``proactive.rules.issued``, ``fees``): the same Q the number was counted with. ``KeyError`` if the
    path names no computed cell."""
    template = template_for_year(year)
    parts = path.split(".")
    if parts == ["fees"]:
        return CellRecords("applications", fee_applications(agency, year))
    if len(parts) != 3:
        raise KeyError(path)
    table, row, col = parts
    if table == "requests":
        if row not in (*FIXED_ROWS, *outcome_rows(template)) or col not in (*APPLICANT_COLUMNS, "total"):
            raise KeyError(path)
        qs = applications(agency).filter(request_q(row, year, template))
        if col != "total":
            qs = qs.filter(applicant_type=col)
        return CellRecords("applications", qs.order_by("received_on", "id"))
    if table == "appeals":
        if row not in ("review", "suit_direct", "suit_after_review") or col not in APPEAL_COLUMNS:
            raise KeyError(path)
        qs = Appeal.objects.filter(agency=agency, kind=row).filter(appeal_cases_q(year))
        return CellRecords("appeals", qs.filter(appeal_column_q(year, col)).order_by("filed_on", "id"))
    if table == "proactive" and row in DOCUMENT_ROWS:
        columns = DOCUMENT_COLUMNS if template == "2021" else DOCUMENT_COLUMNS_2019
        if col not in columns:
            raise KeyError(path)
        qs = Disclosure.objects.published().filter(agency=agency, **{DOCUMENT_ROWS[row]: True})
        qs = qs.filter(columns[col](year))
        return CellRecords("disclosures", qs.order_by("issued_on", "id"))
    raise KeyError(path)


def drillable(path: str) -> bool:
    table = path.split(".")[0]
    return table in ("requests", "appeals") or path.split(".")[1:2] in (["rules"], ["normative_documents"])


__all__ = [
    "ENDED_ON",
    "Fees",
    "appeal_table",
    "carried_forward_q",
    "carried_over_q",
    "cell_records",
    "compute_report",
    "document_table",
    "fees_charged",
    "handled_q",
    "received_q",
    "request_table",
]
