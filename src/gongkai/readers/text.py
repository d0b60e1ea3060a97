"""Plain-text reports: tab-separated tables (the reference example), Markdown pipe tables, space-aligned
columns as ``pdftotext -layout`` prints them, ``label value value`` lines, and labels and values on separate
lines. Every row keeps its line number."""

from __future__ import annotations

from gongkai.errors import UnsupportedFormat
from gongkai.readers.decode import decode_text, looks_binary
from gongkai.readers.layout import Layout
from gongkai.readers.limits import check_text
from gongkai.readers.lines import read_lines

NAME = "text"


def sniff(data: bytes) -> bool:
    return not looks_binary(data)


def read(data: bytes) -> Layout:
    if looks_binary(data):
        raise UnsupportedFormat("这不是文本文件")
    text = decode_text(data)
    check_text(text)
    return read_lines(text, NAME)
