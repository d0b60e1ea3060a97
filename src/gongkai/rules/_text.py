"""Text helpers for rules that read the narrative: normalisation and sentence splitting.

Patterns stay conservative: a number is only taken when it sits within a short window after (or before) its
keyword, inside one clause, with no other number in between. A spurious finding is a bug.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from gongkai.checker.context import CheckContext
from gongkai.model.report import Report

_SPACE = re.compile(r"\s+")
#: What an empty section may still hold: dashes, slashes, dots, ellipses.
_FILLER = re.compile(r"[-—－_/／.。·…]+")
_SENTENCE = re.compile(r"[^。；;！!？?]+")


@lru_cache(maxsize=4)  # several rules look at the same section text
def normalize_text(text: str) -> str:
    """NFKC (full-width digits → ASCII) and every whitespace removed (PDF text breaks lines mid-word)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def sentences(text: str) -> list[str]:
    """Sentences of a normalised text, split at 。；！？."""
    return [m.group(0) for m in _SENTENCE.finditer(text)]


def narrative_text(report: Report, context: CheckContext) -> str:
    """The narrative to read: section 一 (``sections.overview``), else the whole document text."""
    if report.sections.overview:
        return normalize_text(report.sections.overview)
    if context.facts is not None and context.facts.full_text:
        return normalize_text(context.facts.full_text)
    return ""


def iter_numbers(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, str]]:
    """``(number, matched text)`` for every match of ``pattern`` (group ``n`` holds the number)."""
    for m in pattern.finditer(text):
        yield int(m.group("n")), m.group(0)


#: §六 saying no fee was charged: 未收取 / 不收取 / 没有收取 / 收取信息处理费0元 …
FEE_ZERO = re.compile(
    r"(?:未|不|没有|无)(?:收取|收费|产生)|"
    r"(?:信息处理费|收费|收取)[^。；，,\d]{0,10}?(?:为|共计|合计|总计)?0(?:\.0+)?(?:元|万元)|"
    r"信息处理费[^。；，,\d]{0,4}?(?:为)?(?:零|0)(?![.\d])"
)
#: §六 mentioning the 信息处理费 at all.
FEE_MENTION = re.compile(r"信息处理费|收费|收取")


def written_sections(report: Report) -> Iterator[tuple[str, str]]:
    """``(key, text)`` of each narrative section the report gives (``overview``, ``problems``, ``other``). A
    section that is absent (``None``: a report built from data, or a heading the reader did not find) is left
    out; an empty one (``""``) is given."""
    for key, text in report.sections:
        if text is not None:
            yield key, text


def section_is_empty(text: str) -> bool:
    """True if a section's text holds nothing but dashes, slashes, dots or ellipses (rule F109's case)."""
    return not _FILLER.sub("", normalize_text(text))
