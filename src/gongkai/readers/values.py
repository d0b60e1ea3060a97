"""Cell text → value. Full-width digits, thousands separators, signs and units are normalised here, once.

Blank, ``/``, ``—``, ``-``, ``无`` become ``None``: a reader never invents a zero for a blank.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_BLANK = re.compile(r"^[\s/／\\—–\-－_＿·.。无空]*$|^(?:无|空|—+|-+|/+)$")
_NUMBER = re.compile(
    r"^(?P<sign>[+\-])?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>万元|元|件|个|项|次|条|宗|笔|人次)?\s*(?:\(?单位:?(?P<unit2>万元|元)\)?)?$"
)


@dataclass(frozen=True, slots=True)
class Value:
    """A parsed cell: ``kind`` is "number", "blank" or "text"."""

    kind: str
    number: int | float | None = None
    unit: str | None = None


BLANK = Value("blank")


@lru_cache(maxsize=8192)
def parse_value(text: str) -> Value:
    t = unicodedata.normalize("NFKC", text).strip().replace("－", "-").replace("—", "-")
    if _BLANK.match(t):
        return BLANK
    t = t.replace("，", ",").replace(" ", "")
    m = _NUMBER.match(t)
    if not m:
        return Value("text")
    raw = m.group("num").replace(",", "")
    # more digits than any cell holds: a float (Python refuses int() past 4,300 digits); assembly blanks it
    number: int | float = float(raw) if "." in raw or len(raw) > 18 else int(raw)
    if m.group("sign") == "-":
        number = -number
    unit = m.group("unit2") or m.group("unit")
    return Value("number", number, unit if unit in ("元", "万元") else None)


def is_value_text(text: str) -> bool:
    """True if the cell holds a number or a blank marker (not a label)."""
    return parse_value(text).kind != "text"
