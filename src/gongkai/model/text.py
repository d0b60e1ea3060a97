"""Free text typed by people (a report's narrative, an application's content): cleaned once, on input, so
that it can go into every output format. XML 1.0 — and so DOCX, XLSX and XHTML — cannot hold the C0 control
characters; Word's Shift+Enter pastes ``\\x0b`` (vertical tab) and a page break pastes ``\\x0c``."""

from __future__ import annotations

import re

# Characters that stand for a line break in what people paste: vertical tab (Word's manual line break), form
# feed (page break), the Unicode line and paragraph separators, and the Windows and old Mac line ends.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\u2028\u2029]")
# Everything else XML 1.0 cannot hold or that no one means to type: the other C0 controls (tab and newline
# stay), DEL, the C1 controls, lone surrogates and the two non-characters U+FFFE / U+FFFF.
_DROPPED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` with line-break characters as ``\\n`` and other control characters removed.

    >>> clean_text("第一行\\x0b第二行\\x01。")
    '第一行\\n第二行。'
    """
    return _DROPPED.sub("", _LINE_BREAKS.sub("\n", text))
