"""Bytes → str for text-like sources: BOM, declared charset, then UTF-8, then GB18030 (a superset of GBK and
GB2312, the encodings Chinese government sites use)."""

from __future__ import annotations

import codecs
import re

from gongkai.errors import UnreadableFile

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


_CONTROLS = bytes(b for b in range(32) if b < 9 or b > 13)


def looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))
    return controls > len(head) * 0.05


def declared_charset(data: bytes) -> str | None:
    m = _META.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk"):
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data: bytes, *, charset: str | None = None) -> str:
    """Decode ``data``; raise :class:`UnreadableFile` if it is not text in any encoding we know."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    candidates = [c for c in (charset, "utf-8", "gb18030") if c]
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise UnreadableFile("无法识别文字编码（既不是 UTF-8 也不是 GBK/GB18030）")
