"""Normalisation of label text before matching (spec §7).

Real reports print the same label with full- or half-width brackets and digits, spaces and line breaks inside
(``本年度办 理结果``), ``、`` or ``，``, curly or straight quotes. :func:`normalize` maps all of these to one
form:
NFKC, then every whitespace and punctuation character removed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Whitespace, punctuation and symbols seen inside labels. NFKC has already folded full-width forms (（，：０)
# to ASCII, so the table lists the ASCII forms and the CJK marks NFKC leaves alone.
_DROP_CHARS = (
    " \t\n\r\f\v\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
    ".,;:!?'\"“”‘’()[]{}<>《》〈〉「」『』【】〔〕、。·・/\\|_-—–‐‑‒―~～*#+=…"
)
_DROP = {ord(c): None for c in _DROP_CHARS}


def normalize(text: str) -> str:
    """Return the matching form of ``text``: NFKC, no whitespace, no punctuation."""
    if len(text) <= 120:
        return _normalize_short(text)  # labels and cells repeat: cache them
    return _normalize_long(text)


@lru_cache(maxsize=4)
def _normalize_long(text: str) -> str:
    """The whole document's text is normalised by several steps of one read: once is enough."""
    return unicodedata.normalize("NFKC", text).translate(_DROP)


@lru_cache(maxsize=8192)
def _normalize_short(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_DROP)


def clean_space(text: str) -> str:
    """Collapse whitespace for display: NFKC-free, keeps punctuation, drops spaces between CJK characters."""
    text = " ".join(text.replace("\u3000", " ").split())
    if " " not in text:
        return text
    return _CJK_SPACE.sub("", text)


_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff，。、；：）（“”]) (?=[\u4e00-\u9fff，。、；：）（“”])")
