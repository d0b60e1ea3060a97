from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from gongkai.catalog import load_catalog
from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import cell_label, row_keys, section_heading
from gongkai.model.report import Report

TABLES = ("proactive", "requests", "appeals")


def expected_rows(report: Report) -> dict[str, list[str]]:
    """Row paths each table of this template prints."""
    catalog = load_catalog()
    rows = {
        "proactive": [f"proactive.{r.key}" for r in catalog.proactive[report.template]],
        "requests": [f"requests.{r}" for r in row_keys(report)],
        "appeals": [f"appeals.{g.key}" for g in catalog.appeals_groups],
    }
    return rows


class RuleF103(Rule):
    """报告缺少表格“{table}”

    The three tables (二 主动公开, 三 依申请, 四 复议诉讼) are printed in full: every row and column of the
    template, zeros included. Rows whose values the reader could not place in columns are reported too: their
    numbers are not in the data.

    **Anti-pattern**

    A 表三 that leaves out the all-zero rows 三（三）1–8.

    **Best practice**

    Every row of the template, with 0 where nothing happened.

    **Basis**

    The format's tables are mandatory and must not be altered (spec §1.1, §5.4 F-3).
    """

    code = "F103"
    aliases = ("F-3",)
    name = "tables-complete"
    severity = Severity.ERROR
    basis = "official"
    needs_facts = True
    messages: ClassVar[Mapping[str, str]] = {
        "row": "表格缺少行“{row}”",
        "unaligned": "“{row}”一行的数字无法对应到各列，未能读取",
    }

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        facts = context.facts
        assert facts is not None
        found_rows = set(facts.rows_found)
        for table, rows in expected_rows(report).items():
            if table not in facts.tables_found:
                yield self.finding(report, [table], expected=table, table=section_heading(table))
                continue
            if not any(r.startswith(f"{table}.") for r in found_rows):
                continue  # the reader did not record rows for this table
            for row in rows:
                if row not in found_rows:
                    yield self.finding(report, [row], form="row", row=cell_label(row, report.template))
        for row in facts.unaligned_rows:
            yield self.finding(report, [row], form="unaligned", row=cell_label(row, report.template))
