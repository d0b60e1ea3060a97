"""Recognising an annual report by its title on a listing or article page, and the year it reports on.

Titles vary (``某某局2024年政府信息公开工作年度报告``, ``…2024年度政府信息公开年报``, ``二〇二四年…``); what
they share: the words 信息公开, 年度报告 or 年报, and the year before 年 in Arabic or Chinese numerals. A
notice about reports (``关于…年度报告的通知``) or a reading guide (解读) is not a report.
"""

from __future__ import annotations

import re

_DIGITS = {"〇": "0", "○": "0", "零": "0", "Ｏ": "0", "O": "0", "o": "0", "一": "1", "二": "2", "三": "3"}
_DIGITS.update({"四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"})
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_CHINESE_YEAR = re.compile(r"([二][〇○零Ｏ][一二三四五六七八九〇○零Ｏ]{2})\s*年")
_REPORT = re.compile(r"信息公开.{0,12}(?:年度报告|年报)|(?:年度报告|年报).{0,6}信息公开")
_NOT_A_REPORT = re.compile(r"解读|通知|公告|图解|一图|征集|报送|编制")


def title_year(title: str) -> int | None:
    """The year a report title names (the first ``YYYY年``, Arabic, full-width or Chinese numerals)."""
    text = title.translate(_FULL_WIDTH)
    found = _YEAR.search(text)
    chinese = _CHINESE_YEAR.search(text)
    if chinese and (found is None or chinese.start() < found.start()):
        return int("".join(_DIGITS[c] for c in chinese.group(1)))
    return int(found.group(1)) if found else None


def is_report_title(title: str) -> bool:
    """Whether ``title`` is that of a 政府信息公开工作年度报告 (any year)."""
    text = "".join(title.split())
    return bool(_REPORT.search(text)) and not _NOT_A_REPORT.search(text)
