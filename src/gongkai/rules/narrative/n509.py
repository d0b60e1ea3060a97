from __future__ import annotations

import re
from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding
from gongkai.layout import cell_label
from gongkai.model.report import Number, Report
from gongkai.rules._text import sentences
from gongkai.rules.narrative._claims import Claim, NarrativeRule

#: The label directly followed by its number ("行政规范性文件 13 件"); not "部门规范性文件".
DOCUMENTS = re.compile(r"(?<!部门)(?P<label>规章|(?:行政)?规范性文件)(?:共|计|共计)?(?P<n>\d+)件")
#: A verb of making/publishing, before the label in the same sentence.
VERB = re.compile(r"制发|印发|出台|制定|发布|公开|新制作")
#: A clause about something else than this year's issued documents.
OTHER_MATTER = re.compile(
    r"解读|清理|废止|现行|有效|累计|审核|审查|备案|征求|修订|修改|评估|报送|刊登|部门|政策"
)
CLAUSE = re.compile(r"[^,;，；]+")
#: Which model row each printed label counts in.
ROW = {"规章": "rules", "规范性文件": "normative_documents", "行政规范性文件": "normative_documents"}


class RuleN509(NarrativeRule):
    """正文称{what} {found} 件（“{phrase}”），而表二 “{table}”为 {expected}

    The number of 规章 / 行政规范性文件 the text says were made or published this year equals 表二 (2021:
    本年制发件数; 2019: 本年新制作数量). To stay clear of other counts (解读, 清理, 现行有效, 部门文件 …) the
    number must follow the label directly, in a clause with no such word, and a number equal to any value of
    the row is accepted.

    **Anti-pattern**

    "主动公开规章 13 件，行政规范性文件 66 件" with 行政规范性文件·本年制发件数 = 60.

    **Best practice**

    The same numbers in the text and in 表二.

    **Basis**

    De-facto (spec §5.5).
    """

    code = "N509"
    name = "text-documents"

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        main = "issued" if report.template == "2021" else "made"
        for sentence in sentences(self.text(report, context)):
            for clause in CLAUSE.findall(sentence):
                m = DOCUMENTS.search(clause)
                if m is None or OTHER_MATTER.search(clause):
                    continue
                if not VERB.search(sentence[: sentence.index(clause) + m.start()]):
                    continue
                row = ROW[m.group("label")]
                path = f"proactive.{row}.{main}"
                value: Number = report.get(path)
                others = [v for _, v in getattr(report.proactive, row)]
                claim = Claim(int(m.group("n")), m.group(0), sentence)
                yield from self.compare(
                    report,
                    [claim],
                    value,
                    [path],
                    what=m.group("label"),
                    table_label=cell_label(path, report.template),
                    also=[v for v in others if isinstance(v, int | float)],
                )
