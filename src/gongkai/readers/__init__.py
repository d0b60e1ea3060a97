"""Readers: bytes → neutral layout (one module per format) → shared assembly onto the model.

:func:`read_report` is the one entry point: it sniffs the format from the content (not only the suffix),
enforces the size limit, and turns every problem with the input into a :class:`gongkai.errors.InputError`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gongkai.errors import EmptyFile, FileTooLarge, InputError, NotYetSupported, UnreadableFile, UnsupportedFormat
from gongkai.model.facts import DocumentFacts
from gongkai.model.report import Report, Source
from gongkai.readers import html, text
from gongkai.readers.assemble import assemble
from gongkai.readers.layout import Layout

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# Formats that arrive in a later release: recognised by their magic bytes so the user is told, not misread.
_LATER = (
    (b"%PDF-", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Word 97-2003 / WPS（.doc/.wps）"),
    (b"PK\x03\x04", "Office 文档（.docx/.xlsx，ZIP 压缩包）"),
)
_OTHER_BINARY = (
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
)


@dataclass
class ReadResult:
    report: Report
    facts: DocumentFacts
    layout: Layout


def _reader_for(data: bytes) -> tuple[str, Callable[[bytes], Layout]]:
    head = data[:16]
    for magic, name in _LATER:
        if head.startswith(magic):
            raise NotYetSupported(name)
    for magic, name in _OTHER_BINARY:
        if head.startswith(magic):
            raise UnsupportedFormat(name)
    if html.sniff(data):
        return html.NAME, html.read
    if text.sniff(data):
        return text.NAME, text.read
    raise UnsupportedFormat("无法识别的二进制文件")


def read_bytes(data: bytes, *, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """Read one report from bytes. Raises :class:`InputError` (with ``file`` set to ``name``) on bad input."""
    try:
        if not data.strip():
            raise EmptyFile()
        if len(data) > max_bytes:
            raise FileTooLarge(f"{len(data) / 1e6:.1f} MB，上限 {max_bytes / 1e6:.0f} MB")
        reader_name, read = _reader_for(data)
        layout = read(data)
        report, facts = assemble(layout)
    except InputError as exc:
        exc.file = exc.file or name
        raise
    except RecursionError:
        raise UnreadableFile("文件结构嵌套过深", file=name) from None
    report.source = Source(file=name, sha256=hashlib.sha256(data).hexdigest(), reader=reader_name)
    return ReadResult(report=report, facts=facts, layout=layout)


def read_report(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise FileTooLarge(f"{size / 1e6:.1f} MB，上限 {max_bytes / 1e6:.0f} MB", file=str(path))
        data = p.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile("文件不存在", file=str(path)) from None
    except IsADirectoryError:
        raise UnreadableFile("这是一个目录，不是文件", file=str(path)) from None
    except PermissionError:
        raise UnreadableFile("没有读取权限", file=str(path)) from None
    return read_bytes(data, name=str(path), max_bytes=max_bytes)
