"""Bounds on what a reader will do with one input file: size, pages, ZIP members and expansion, time.

Hostile or broken files (zip bombs, 500-page PDFs, huge pages) end in one :class:`LimitExceeded` line instead
of exhausting memory or time. Every limit is a field of :class:`Limits`; pass your own to ``read_bytes``.
"""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from gongkai.errors import DamagedFile, LimitExceeded, UnsafeDocument
from gongkai.readers.layout import Layout, Paragraph

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 50 * MB  # the file itself
    max_pages: int = 200  # PDF pages
    max_zip_members: int = 2000  # parts of a .docx/.xlsx
    max_unzipped_bytes: int = 200 * MB  # declared uncompressed size of all parts together
    max_zip_ratio: float = 200.0  # uncompressed / compressed, per part larger than 1 MB
    max_html_elements: int = 100_000  # tags of a web page (a real report page has 1,000–4,300)
    max_cells: int = 200_000  # cells of one spreadsheet's used grid (rows × columns), merged ones too
    # what a report can hold, whatever its format (the largest fixture: 7,200 characters, 53 table rows, 17
    # cells in a row; a real report has under 100 KB of text, some 35,000 characters)
    max_text_chars: int = 200_000  # printed characters of the text and the tables, whitespace not counted
    max_table_rows: int = 1_000  # rows of all the tables of one file
    max_row_cells: int = 200  # cells of one table row
    max_seconds: float = 60.0  # reading one file, every reader and the assembly (see time_limit)


DEFAULT_LIMITS = Limits()


class Deadline:
    """Raises :class:`LimitExceeded` once ``limits.max_seconds`` have passed since it was made."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.seconds = limits.max_seconds
        self.end = time.monotonic() + limits.max_seconds

    def check(self, what: str = "") -> None:
        if time.monotonic() > self.end:
            raise LimitExceeded(f"读取超过 {self.seconds:g} 秒{('（' + what + '）') if what else ''}")


_DEADLINE: ContextVar[Deadline | None] = ContextVar("gongkai_read_deadline", default=None)


@contextmanager
def time_limit(limits: Limits) -> Iterator[Deadline]:
    """Bound everything read inside the block by ``limits.max_seconds``: long loops of every reader and of the
    assembly call :func:`check_time`, which raises :class:`LimitExceeded` once the time is up."""
    deadline = Deadline(limits)
    token = _DEADLINE.set(deadline)
    try:
        yield deadline
    finally:
        _DEADLINE.reset(token)


def extend_time(deadline: Deadline) -> None:
    """Let the read in progress (see :func:`time_limit`) run until ``deadline`` too: OCR's time holds per
    page, and the assembly after it must not be cut by the whole file's shorter limit."""
    current = _DEADLINE.get()
    if current is not None and deadline.end > current.end:
        current.end, current.seconds = deadline.end, deadline.seconds


def check_time(what: str = "") -> None:
    """Raise :class:`LimitExceeded` if the read in progress (see :func:`time_limit`) is out of time."""
    deadline = _DEADLINE.get()
    if deadline is not None:
        deadline.check(what)


def current_limits() -> Limits:
    """The limits of the read in progress (see :func:`time_limit`), else the defaults."""
    deadline = _DEADLINE.get()
    return deadline.limits if deadline is not None else DEFAULT_LIMITS


_WHITESPACE = (" ", "\t", "\n", "\r", "\u3000", "\xa0", "\f", "\v")


def printed_chars(text: str) -> int:
    """Characters of ``text`` that print: whitespace (the padding of aligned columns) is not counted."""
    return len(text) - sum(text.count(w) for w in _WHITESPACE)


def check_text(text: str, what: str = "文字") -> None:
    """Refuse a text far longer than any report before it is read (see ``Limits.max_text_chars``)."""
    limit = current_limits().max_text_chars
    if len(text) > limit and (n := printed_chars(text)) > limit:
        raise LimitExceeded(f"{what}共 {n:,} 个字符，上限 {limit:,} 个")


def check_row(cells: int, rows: int) -> None:
    """Refuse a row with more cells, or tables (all so far) with more rows, than any report has."""
    limits = current_limits()
    if cells > limits.max_row_cells:
        raise LimitExceeded(f"表格的一行有 {cells:,} 个单元格，上限 {limits.max_row_cells:,} 个")
    if rows > limits.max_table_rows:
        raise LimitExceeded(f"表格多于 {limits.max_table_rows:,} 行（各表合计）")


def check_layout(layout: Layout) -> None:
    """Every reader's layout within ``max_text_chars``, ``max_table_rows`` and ``max_row_cells``, before the
    assembly reads it (the text and web readers refuse earlier, before the work of reading)."""
    rows = 0
    chars = 0
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            chars += len(block.text)
            continue
        for row in block.rows:
            rows += 1
            check_row(len(row.cells), rows)
            chars += sum(len(c.text) for c in row.cells if not c.spanned)
    limit = current_limits().max_text_chars
    if chars > limit:
        raise LimitExceeded(f"文字共约 {chars:,} 个字符，上限 {limit:,} 个")


def open_zip(data: bytes, what: str, limits: Limits) -> zipfile.ZipFile:
    """The ZIP container of an Office document, its declared sizes checked, or one clear error."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise DamagedFile(f"{what}无法打开（{exc}）") from None
    except NotImplementedError as exc:  # "zip file version 9.9": a ZIP feature Python cannot read
        raise DamagedFile(f"{what}使用了不支持的 ZIP 格式（{exc}）") from None
    check_zip(zf, limits)
    return zf


def check_zip(zf: zipfile.ZipFile, limits: Limits) -> None:
    """Check the declared sizes of every member before anything is extracted."""
    infos = zf.infolist()
    if len(infos) > limits.max_zip_members:
        raise LimitExceeded(f"压缩包内有 {len(infos)} 个文件，上限 {limits.max_zip_members} 个")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeDocument("压缩包内的文件已加密")
        total += info.file_size
        if info.file_size > MB and info.file_size > limits.max_zip_ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise LimitExceeded(
                f"压缩包内 {info.filename} 的压缩比为 {ratio:.0f}:1（疑似压缩炸弹），上限 "
                f"{limits.max_zip_ratio:g}:1"
            )
    if total > limits.max_unzipped_bytes:
        raise LimitExceeded(
            f"压缩包解压后共 {total / MB:.0f} MB，上限 {limits.max_unzipped_bytes / MB:.0f} MB"
        )


def read_member(zf: zipfile.ZipFile, name: str, limits: Limits) -> bytes:
    """One member's bytes, never more than its declared size (a lying header ends in a CRC error)."""
    info = zf.getinfo(name)
    try:
        with zf.open(info) as fh:
            data = fh.read(min(info.file_size, limits.max_unzipped_bytes) + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
        raise DamagedFile(f"压缩包内 {name} 无法解压（{exc}）") from None
    except NotImplementedError as exc:  # a compression method or zip version Python cannot unpack
        raise DamagedFile(f"压缩包内 {name} 使用了不支持的压缩方式（{exc}）") from None
    if len(data) > info.file_size:
        raise LimitExceeded(f"压缩包内 {name} 解压后超过声明的大小")
    return data


def reject_dtd(data: bytes, name: str) -> None:
    """Office XML never carries a DTD: one here is an entity-expansion or external-entity attack.

    Markup ``<!`` cannot occur in text (it would be escaped as ``&lt;``), so a plain byte search is exact."""
    for marker in (
        b"<!DOCTYPE",
        b"<!ENTITY",
        "<!DOCTYPE".encode("utf-16-le"),
        "<!DOCTYPE".encode("utf-16-be"),
    ):
        if marker in data:
            raise UnsafeDocument(f"{name} 含有 DTD/实体声明（可用于实体膨胀或读取外部文件）")
