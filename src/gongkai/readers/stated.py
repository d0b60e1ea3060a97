"""Table cells the narrative states in so many words, to decide a cell a converter dropped from its row.

``全年主动公开规章22件`` / ``制发行政规范性文件62件`` (表二), ``全年收到政府信息公开申请34件``,
``上年结转政府信息公开申请2件``, ``转下一年度办理答复的有1件`` (表三's 总计 column), ``行政复议1件``
(表四). The patterns are conservative: one clause, the keyword right before (or after) the number, no
comparison with last year (``较上年``, ``同比``) and no ``含`` (a figure that includes another). A cell the
narrative states twice with different numbers is ambiguous and not stated at all. Only prose is read, never
the tables' own rows.
"""

from __future__ import annotations

import re
import unicodedata

_N = r"(?:共|合计|总计|计|达|为|有)?(?P<n>\d+)件"
_PUBLIC = r"(?:政府信息公开|信息公开)?"
_ANY = r"[^。；;，,!！?？\d]"

#: model path -> patterns, each with the number in group ``n``
_PATTERNS: dict[str, tuple[str, ...]] = {
    "proactive.rules.issued": (rf"(?:制发|制定|出台|印发|主动公开){_ANY}{{0,12}}?规章{_N}",),
    "proactive.rules.published": (rf"(?:新公开|主动公开){_ANY}{{0,12}}?规章{_N}",),
    "proactive.rules.in_force": (rf"现行有效{_ANY}{{0,12}}?规章{_N}",),
    "proactive.normative_documents.issued": (rf"(?:制发|制定|出台|印发){_ANY}{{0,12}}?规范性文件{_N}",),
    "proactive.normative_documents.made": (rf"(?:制发|制定|制作|出台|印发){_ANY}{{0,12}}?规范性文件{_N}",),
    "proactive.normative_documents.in_force": (rf"现行有效{_ANY}{{0,12}}?规范性文件{_N}",),
    "proactive.normative_documents.repealed": (rf"(?:废止|失效){_ANY}{{0,12}}?文件{_N}",),
    "requests.received.total": (
        rf"(?:新收|收到){_PUBLIC}申请(?:数量|总数)?{_N}",
        rf"(?:新收|收到)(?P<n>\d+)件{_PUBLIC}申请",
    ),
    "requests.carried_over.total": (rf"上年(?:度)?结转(?:的)?{_PUBLIC}申请{_N}",),
    "requests.carried_forward.total": (
        rf"(?:结转|转入|转)(?:至)?下一?年度(?:继续)?办理(?:答复)?的?{_N}",
        r"(?<!\d)(?P<n>\d+)件(?:申请)?(?:结转|转入|转)(?:至)?下一?年度",
    ),
    "appeals.review.total": (
        rf"(?:发生|收到|涉及|被申请){_PUBLIC}(?:工作)?(?:的|类)?行政复议(?:案件)?{_N}",
        rf"(?<![和及与、])行政复议(?:案件)?{_N}",
        rf"(?<!\d)(?P<n>\d+)件(?:涉及)?{_PUBLIC}(?:工作)?(?:的|类)?行政复议(?!和|及|与|、)",
    ),
}
_COMPILED = {path: tuple(re.compile(p) for p in ps) for path, ps in _PATTERNS.items()}
_COMPARISON = re.compile(r"(?:上年|去年|上一年|同比|较|比|增加|减少)$")
_INCLUDES = re.compile(r"[(（]?(?:含|包括|其中含)")


def stated_cells(prose: str) -> dict[str, tuple[float, str]]:
    """Cells the prose states: model path -> (number, the words), only where every statement agrees."""
    lines = prose.splitlines()
    # only lines with 件 (and the lines around: a sentence broken across lines) can state a cell
    near = {j for i, ln in enumerate(lines) if "件" in ln for j in (i - 1, i, i + 1)}
    kept = [ln if i - 1 in near else f"。{ln}" for i, ln in enumerate(lines) if i in near]  # 。 between runs
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", "\n".join(kept)))
    found: dict[str, dict[float, str]] = {}
    # each pattern keeps inside one clause (no 。；，between keyword and number), so it runs on the whole text
    for path, patterns in _COMPILED.items():
        for pattern in patterns:
            for m in pattern.finditer(text):
                before = text[max(0, m.start() - 3) : m.start()]
                if _COMPARISON.search(before) or _INCLUDES.match(text, m.end()):
                    continue
                found.setdefault(path, {}).setdefault(float(m.group("n")), m.group(0))
    return {path: next(iter(nums.items())) for path, nums in found.items() if len(nums) == 1}
