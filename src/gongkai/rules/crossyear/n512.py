from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.layout import section_heading
from gongkai.model.report import Report
from gongkai.rules.crossyear._pair import consecutive
from gongkai.similarity import CopyConfig, compare_texts

SECTIONS = ("overview", "problems")


class RuleN512(Rule):
    """“{section}”与上一年度报告的相似度为 {similarity}（{passages} 段相同文字，最长一段“{longest}”）

    Sections 一 and 五 describe the year: text carried over wholesale from last year's report says nothing
    about this one. Each is compared with last year's, as characters (punctuation and whitespace dropped,
    every digit read as 0, so changed figures do not hide a copy): ``similarity = 2·M / (|a| + |b|)``, M the
    characters in shared passages of at least ``copies.min_passage`` characters. At or above
    ``copies.threshold`` (``catalog/supervision.yaml``) the rule reports it. Texts shorter than
    ``copies.min_chars`` are not compared (N511 speaks about them). Copies across agencies of a region are
    ``gongkai.supervise.find_copies``.

    **Anti-pattern**

    The 2024 report's section 五 is the 2023 one with "2024" for "2023".

    **Best practice**

    Section 五 names this year's problems and what was done about last year's.

    **Basis**

    De-facto: assessors have found reports about 90 % identical to the previous year's (spec
    ``supervision.md`` §3 item 9).
    """

    code = "N512"
    name = "copied-from-last-year"
    severity = Severity.WARNING
    basis = "de-facto"
    needs_previous = True

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        previous = context.previous
        if previous is None or not consecutive(report, previous):
            return
        config = CopyConfig.default()
        for key in SECTIONS:
            now, last = getattr(report.sections, key), getattr(previous.sections, key)
            if not now or not last or min(len(now), len(last)) < config.min_chars:
                continue
            match = compare_texts(last, now, config)
            if match.similarity >= config.threshold and match.passages:
                longest = max(match.passages, key=lambda p: p.a_end - p.a_start).text
                yield self.finding(
                    report,
                    [f"sections.{key}"],
                    found=match.similarity,
                    section=section_heading(key),
                    similarity=f"{match.similarity:.0%}",
                    passages=len(match.passages),
                    longest=longest if len(longest) <= 30 else longest[:30] + "…",
                )
