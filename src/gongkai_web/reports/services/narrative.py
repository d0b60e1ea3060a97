"""The year's facts from the ledger and the opening text of the narrative sections 一/五/六 built from them.

The wording is in templates (``reports/prefill/<section>.txt``), not in code; staff edit the text before
locking."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string

from gongkai import layout
from gongkai.model import Report
from gongkai_web.agencies.models import Agency
from gongkai_web.reports.services.base import SECTIONS
from gongkai_web.reports.services.overview import Overview, overview_facts
from gongkai_web.reports.tables import Fees, fees_charged


@dataclass(frozen=True)
class YearFacts:
    year: int
    overview: Overview  # section 一's numbers from the records, each with its records
    entries_published: int
    rules_issued: int
    normative_issued: int
    received: int
    carried_over: int
    handled: int
    carried_forward: int
    outcomes: list[tuple[str, int]]
    reviews: int
    suits: int
    fees: Fees
    last_problems: str | None


def year_facts(agency: Agency, year: int, report: Report, previous: Report | None) -> YearFacts:
    req = report.requests
    ap = report.appeals
    overview = overview_facts(agency, year)
    return YearFacts(
        year=year,
        overview=overview,
        entries_published=overview.entries.n,
        rules_issued=int(_rules_issued(report, "rules")),
        normative_issued=int(_rules_issued(report, "normative_documents")),
        received=int(req.received.total or 0),
        carried_over=int(req.carried_over.total or 0),
        handled=int(req.total_handled.total or 0),
        carried_forward=int(req.carried_forward.total or 0),
        outcomes=outcome_counts(report),
        reviews=int(ap.review.total or 0),
        suits=int((ap.suit_direct.total or 0) + (ap.suit_after_review.total or 0)),
        fees=fees_charged(agency, year),
        last_problems=previous.sections.problems if previous is not None else None,
    )


def outcome_counts(report: Report) -> list[tuple[str, int]]:
    """The year's results as an officer writes them, in the order of 表三, zeros left out: 予以公开 and
    部分公开 by their row, the numbered sub-rows by their category (``[("予以公开", 3), ("部分公开", 2),
    ("不予公开", 1), …]``)."""
    counts: dict[str, int] = {}
    for row in layout.rows_of(report):
        if not row.group or row.key == "total_handled":
            continue
        name = row.short if row.group == layout.RESULTS else layout.group(row.group).label
        counts[name] = counts.get(name, 0) + int(report.get(f"{row.path}.total") or 0)
    return [(name, n) for name, n in counts.items() if n]


def _rules_issued(report: Report, row: str) -> int | float:
    docs = report.get(f"proactive.{row}")
    return (getattr(docs, "issued", None) if report.template == "2021" else docs.made) or 0


def prefill(facts: YearFacts) -> dict[str, str]:
    """Opening text for 一/五/六 from the year's facts."""
    context = {
        "f": facts,
        "o": facts.overview,
        "y": facts.year,
        "next_year": facts.year + 1,
        "last": (facts.last_problems or "").strip(),
        "placeholder": {key: layout.placeholder(key) for key in ("to_fill", "no_previous_problems")},
    }
    return {key: render_to_string(f"reports/prefill/{key}.txt", context).rstrip("\n") for key in SECTIONS}
