"""Reports for tests: deterministic valid reports, fixture reports, Hypothesis strategies of valid reports.

A valid report satisfies every error-level rule by construction: 表三 is built from per-column outcome counts
(so 三（七）总计, 一 + 二 = 三（七） + 四 and the row totals all hold), 表四 groups sum to their 总计, 表二 is
non-negative (except the signed 2019 本年增/减) and the 2021 fee amount is in 万元.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from gongkai.model.report import APPLICANT_COLUMNS, Report, Report2019, Report2021, report_from_dict

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
MODEL_KEYS = ("template", "agency", "year", "proactive", "requests", "appeals")

OUTCOMES_COMMON = (
    "granted",
    "partially_granted",
    *(f"refused_{k}" for k in (
        "state_secret", "prohibited_by_law", "security_stability", "third_party",
        "internal_affairs", "process_information", "enforcement_file", "administrative_query",
    )),
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear",
    *(f"not_processed_{k}" for k in ("complaint", "repeated", "publication", "excessive", "confirmation")),
)  # fmt: skip
OUTCOMES = {
    "2019": (*OUTCOMES_COMMON, "other"),
    "2021": (*OUTCOMES_COMMON, "other_no_correction", "other_unpaid_fee", "other_misc"),
}
APPEAL_GROUPS = ("review", "suit_direct", "suit_after_review")
APPEAL_PARTS = ("upheld", "corrected", "other", "pending")


def request_rows(template: str) -> tuple[str, ...]:
    return ("received", "carried_over", *OUTCOMES[template], "total_handled", "carried_forward")


def build_report(
    template: str,
    *,
    outcomes: Mapping[str, Mapping[str, int]],
    carried_over: Mapping[str, int],
    carried_forward: Mapping[str, int],
    appeals: Mapping[str, Mapping[str, int]],
    proactive: Mapping[str, Mapping[str, Any]],
    year: int | None = None,
) -> Report:
    """A valid report from per-applicant-column outcome counts (missing counts are 0).

    ``carried_over[col]`` must not exceed that column's handled + carried forward (else received < 0).
    """
    rows: dict[str, dict[str, int]] = {r: {} for r in request_rows(template)}
    for col in APPLICANT_COLUMNS:
        handled = 0
        for row in OUTCOMES[template]:
            n = outcomes.get(col, {}).get(row, 0)
            rows[row][col] = n
            handled += n
        over, forward = carried_over.get(col, 0), carried_forward.get(col, 0)
        assert over <= handled + forward, "received would be negative"
        rows["total_handled"][col] = handled
        rows["carried_over"][col] = over
        rows["carried_forward"][col] = forward
        rows["received"][col] = handled + forward - over
    for values in rows.values():
        values["total"] = sum(values[c] for c in APPLICANT_COLUMNS)
    groups = {}
    for g in APPEAL_GROUPS:
        parts = {c: appeals.get(g, {}).get(c, 0) for c in APPEAL_PARTS}
        groups[g] = {**parts, "total": sum(parts.values())}
    data = {
        "template": template,
        "agency": "测试局",
        "year": year or (2020 if template == "2019" else 2022),
        "proactive": {k: dict(v) for k, v in proactive.items()},
        "requests": rows,
        "appeals": groups,
    }
    return report_from_dict(data)


PROACTIVE_2019: dict[str, dict[str, Any]] = {
    "rules": {"made": 1, "published": 1, "total_published": 10},
    "normative_documents": {"made": 2, "published": 2, "total_published": 20},
    "licensing": {"items_last_year": 10, "items_change": -1, "decisions": 50},
    "other_services": {"items_last_year": 0, "items_change": 0, "decisions": 0},
    "penalty": {"items_last_year": 5, "items_change": 1, "decisions": 30},
    "coercion": {"items_last_year": 0, "items_change": 0, "decisions": 0},
    "fees": {"items_last_year": 3, "items_change": 0},
    "procurement": {"projects": 2, "amount": 1000.5, "amount_unit": "元"},
}
PROACTIVE_2021: dict[str, dict[str, Any]] = {
    "rules": {"issued": 1, "repealed": 0, "in_force": 10},
    "normative_documents": {"issued": 2, "repealed": 1, "in_force": 20},
    "licensing": {"decisions": 50},
    "penalty": {"decisions": 30},
    "coercion": {"decisions": 0},
    "fees": {"amount": 1.25},
}


def valid_report(template: str) -> Report:
    """A fixed valid report.

    表三 总计 column: 一 13, 二 2, 三（七） 14, 四 1; 自然人: （一）5 （二）1 （三）4 1
    （四）1 2 （五）2 1 （六） 1 (2021: （六）1 1); 商业企业: （一）2 （四）1 1. 表四: 行政复议 1/1/0/1 = 3,
    未经复议直接起诉 1/0/0/0 = 1."""
    other = "other" if template == "2019" else "other_no_correction"
    return build_report(
        template,
        outcomes={
            "natural_person": {
                "granted": 5,
                "partially_granted": 1,
                "refused_third_party": 1,
                "unable_not_held": 2,
                "not_processed_repeated": 1,
                other: 1,
            },
            "commercial": {"granted": 2, "unable_not_held": 1},
        },
        carried_over={"natural_person": 2},
        carried_forward={"natural_person": 1},
        appeals={"review": {"upheld": 1, "corrected": 1, "pending": 1}, "suit_direct": {"upheld": 1}},
        proactive=PROACTIVE_2019 if template == "2019" else PROACTIVE_2021,
    )


def fixture_path(name: str, suffix: str = ".expected.json") -> Path:
    found = sorted(FIXTURES.glob(f"*/{name}{suffix}"))
    assert found, f"no fixture {name}{suffix}"
    return found[0]


def fixture_report(name: str) -> Report:
    """A fixture's hand-checked expected JSON as a report."""
    data = json.loads(fixture_path(name).read_text(encoding="utf-8"))
    return report_from_dict({k: v for k, v in data.items() if k in MODEL_KEYS})


def base_report(name: str) -> Report:
    """``valid-2019``, ``valid-2021`` or ``fixture:<name>`` (a fresh copy each time)."""
    if name.startswith("valid-"):
        return valid_report(name.removeprefix("valid-"))
    if name.startswith("fixture:"):
        return fixture_report(name.removeprefix("fixture:"))
    raise KeyError(f"unknown base report {name!r}")


# ---- Hypothesis --------------------------------------------------------------------------------

_count = st.integers(min_value=0, max_value=40)
_small = st.integers(min_value=0, max_value=5)


@st.composite
def valid_reports(draw: st.DrawFn, template: str | None = None) -> Report:
    """A valid report of ``template`` (or either)."""
    template = template or draw(st.sampled_from(["2019", "2021"]))
    outcomes: dict[str, dict[str, int]] = {}
    carried_over: dict[str, int] = {}
    carried_forward: dict[str, int] = {}
    for col in APPLICANT_COLUMNS:
        rows = draw(st.lists(st.sampled_from(OUTCOMES[template]), max_size=4, unique=True))
        outcomes[col] = {r: draw(st.integers(1, 40)) for r in rows}
        carried_forward[col] = draw(_small)
        handled = sum(outcomes[col].values())
        carried_over[col] = draw(st.integers(0, handled + carried_forward[col]))
    appeals = {g: {c: draw(_small) for c in APPEAL_PARTS} for g in APPEAL_GROUPS}
    if template == "2019":
        proactive: dict[str, dict[str, Any]] = {
            k: {c: draw(_count) for c in v if c not in ("amount", "amount_unit")}
            for k, v in PROACTIVE_2019.items()
        }
        for k in ("licensing", "other_services", "penalty", "coercion", "fees"):
            proactive[k]["items_change"] = draw(st.integers(-20, 20))
        proactive["procurement"]["amount"] = draw(st.integers(0, 10**8)) / 100
        proactive["procurement"]["amount_unit"] = draw(st.sampled_from(["元", "万元"]))
    else:
        proactive = {k: {c: draw(_count) for c in v if c != "amount"} for k, v in PROACTIVE_2021.items()}
        proactive["fees"]["amount"] = draw(st.integers(0, 10**6)) / 100
    year = draw(st.sampled_from([2019, 2020] if template == "2019" else [2021, 2022, 2023, 2024]))
    return build_report(
        template,
        outcomes=outcomes,
        carried_over=carried_over,
        carried_forward=carried_forward,
        appeals=appeals,
        proactive=proactive,
        year=year,
    )


def summed_cells(report: Report) -> list[str]:
    """Every cell that takes part in T301/T302/T303 (表三) or T401 (表四)."""
    template = report.template
    cells = [f"requests.{r}.{c}" for r in request_rows(template) for c in (*APPLICANT_COLUMNS, "total")]
    cells += [f"appeals.{g}.{c}" for g in APPEAL_GROUPS for c in (*APPEAL_PARTS, "total")]
    return cells


__all__ = [
    "Report2019",
    "Report2021",
    "base_report",
    "build_report",
    "fixture_path",
    "fixture_report",
    "request_rows",
    "summed_cells",
    "valid_report",
    "valid_reports",
]
