"""Normalisation of label text before matching (spec §7).

Real reports print the same label with full- or half-width brackets and digits, spaces and line breaks inside
(``本年度办 理结果``), ``、`` or ``，``, curly or straight quotes. :func:`normalize` maps all of these to one form:
NFKC, then every whitespace and punctuation character removed.
"""

from __future__ import annotations

import re
import unicodedata

# Punctuation and symbols seen inside labels. NFKC has already folded full-width forms (（，：０) to ASCII.
_DROP = re.compile(r"[\s\u3000.,;:!?'\"“”‘’()\[\]{}<>《》〈〉「」『』【】、。·・/\\|_\-—–~～*#+=]+")


def normalize(text: str) -> str:
    """Return the matching form of ``text``: NFKC, no whitespace, no punctuation."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


def clean_space(text: str) -> str:
    """Collapse whitespace for display: NFKC-free, keeps punctuation, drops spaces between CJK characters."""
    text = re.sub(r"[ \t\u3000\xa0]+", " ", text).strip()
    return re.sub(r"(?<=[\u4e00-\u9fff，。、；：）（“”]) (?=[\u4e00-\u9fff，。、；：）（“”])", "", text)
