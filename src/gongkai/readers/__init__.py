"""Readers: bytes → neutral layout (one module per format) → shared assembly onto the model.

:func:`read_report` is the one entry point: it sniffs the format from the content (not only the suffix),
enforces the size limit, and turns every problem with the input into a :class:`gongkai.errors.InputError`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import ValidationError

from gongkai.errors import (
    BadReportJson,
    EmptyFile,
    FileTooLarge,
    InputError,
    ScannedPdf,
    UnreadableFile,
    UnsupportedFormat,
)
from gongkai.model.facts import DocumentFacts
from gongkai.model.report import Report, Source, report_from_dict
from gongkai.readers import docx, html, ocr, ole, pdf, text, xlsx
from gongkai.readers.assemble import assemble
from gongkai.readers.layout import Layout
from gongkai.readers.limits import DEFAULT_LIMITS, Limits, check_layout, open_zip, time_limit
from gongkai.readers.sources import cell_sources

DEFAULT_MAX_BYTES = DEFAULT_LIMITS.max_bytes

_SUPPORTED = (
    "目前支持 PDF（扫描件需文字识别组件）、Word（.docx；.doc/.wps 需 LibreOffice）、Excel（.xlsx）、"
    "网页（.html）、纯文本（.txt/.md）和页面图片（PNG/JPEG，需文字识别组件）"
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
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


def _office_zip(data: bytes, limits: Limits) -> tuple[str, Callable[[bytes], Layout]]:
    """A .docx or .xlsx (checked for zip bombs before anything is extracted), or a clear refusal."""
    zf = open_zip(data, "ZIP/Office 文档", limits)
    names = set(zf.namelist())
    if docx.sniff_zip(names):
        return docx.NAME, lambda d: docx.read_zip(zf, limits)
    if xlsx.sniff_zip(names):
        return xlsx.NAME, lambda d: xlsx.read_zip(zf, limits)
    if ole.sniff_odf(zf):
        return ole.NAME, lambda d: ole.read(d, limits)
    raise UnsupportedFormat(
        "ZIP 压缩包，但不是 Word（.docx）或 Excel（.xlsx）文档",
        hint="如果报告在压缩包里，请先解压，再逐个读取报告文件",
    )


def _pdf(data: bytes, limits: Limits) -> Layout:
    """A PDF by its text layer; a scan (pages that are only images) by OCR where it is installed."""
    try:
        return pdf.read(data, limits)
    except ScannedPdf as exc:
        if not ocr.available():
            exc.hint = f"{exc.hint}；{ocr.ENABLE}"
            raise
    return ocr.read_pdf(data, limits)


def _reader_for(data: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[str, Callable[[bytes], Layout]]:
    head = data[:16]
    if pdf.sniff(data):
        return pdf.NAME, lambda d: _pdf(d, limits)
    if ocr.sniff_image(data):
        if not ocr.available():
            raise UnsupportedFormat(f"{ocr.sniff_image(data)} 图片", hint=ocr.ENABLE)
        return ocr.NAME, lambda d: ocr.read_image(d, limits)
    if head.startswith(_OLE):
        return ole.NAME, lambda d: ole.read(d, limits)
    if head.startswith(_ZIP):
        return _office_zip(data, limits)
    for magic, name in _OTHER_BINARY:
        if head.startswith(magic):
            raise UnsupportedFormat(name, hint=_SUPPORTED)
    if html.sniff(data):
        return html.NAME, lambda d: html.read(d, limits)
    if text.sniff(data):
        return text.NAME, text.read
    raise UnsupportedFormat("无法识别的二进制文件", hint=_SUPPORTED)


def read_bytes(
    data: bytes, *, name: str | None = None, max_bytes: int | None = None, limits: Limits | None = None
) -> ReadResult:
    """Read one report from bytes. Raises :class:`InputError` (with ``file`` set to ``name``) on bad input.

    ``limits`` bounds the work done on one file (see :mod:`gongkai.readers.limits`); ``max_bytes``
    overrides its size limit."""
    limits = limits or DEFAULT_LIMITS
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    max_bytes = limits.max_bytes
    try:
        if not data.strip():
            raise EmptyFile()
        if len(data) > max_bytes:
            raise FileTooLarge(f"{len(data) / 1e6:.1f} MB，上限 {max_bytes / 1e6:.1f} MB")
        with time_limit(limits):
            reader_name, read = _reader_for(data, limits)
            layout = read(data)
            check_layout(layout)
            report, facts = assemble(layout)
    except InputError as exc:
        exc.file = exc.file or name
        raise
    except RecursionError:
        raise UnreadableFile("文件结构嵌套过深", file=name) from None
    except MemoryError:
        raise UnreadableFile("文件解析需要的内存过多", file=name) from None
    if layout.reader == ocr.NAME:
        reader_name = ocr.NAME  # a PDF whose pages were only images
    report.source = Source(file=name, sha256=hashlib.sha256(data).hexdigest(), reader=reader_name)
    facts.cell_sources = cell_sources(report, facts)
    return ReadResult(report=report, facts=facts, layout=layout)


def read_file(path: str | Path, max_bytes: int = DEFAULT_LIMITS.max_bytes) -> bytes:
    """The bytes of a file; one clear line if it is missing, a folder, unreadable or too large."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise FileTooLarge(f"{size / 1e6:.1f} MB，上限 {max_bytes / 1e6:.1f} MB", file=str(path))
        return p.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile("文件不存在", file=str(path), hint="请检查文件路径") from None
    except IsADirectoryError:
        raise UnreadableFile(
            "这是一个目录，不是文件", file=str(path), hint="请指定目录中的报告文件"
        ) from None
    except PermissionError:
        raise UnreadableFile("没有读取权限", file=str(path), hint="请检查文件的访问权限") from None


def read_report(
    path: str | Path, *, max_bytes: int | None = None, limits: Limits | None = None
) -> ReadResult:
    limits = limits or DEFAULT_LIMITS
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    return read_bytes(read_file(path, limits.max_bytes), name=str(path), limits=limits)


def load_any(
    path: str | Path, max_bytes: int = DEFAULT_LIMITS.max_bytes
) -> tuple[Report, DocumentFacts | None]:
    """A report from a published file, or from gongkai's own JSON form (then without document facts)."""
    data = read_file(path, max_bytes)
    head = data[:4096].lstrip()
    if head.startswith(b"{") and b"gongkai.annual-report" in head:
        try:
            return report_from_dict(json.loads(data)), None
        except (json.JSONDecodeError, UnicodeDecodeError, ValidationError) as exc:
            first = str(exc).splitlines()[0]
            raise BadReportJson(first, file=str(path)) from None
    result = read_bytes(data, name=str(path), max_bytes=max_bytes)
    return result.report, result.facts
