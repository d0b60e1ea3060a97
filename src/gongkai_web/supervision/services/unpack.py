"""Files out of an upload: zips opened with limits (member count, total size, path traversal, nested zips,
encryption), each member that cannot be taken becoming a refused entry with its reason — never an error
that stops the batch."""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Entry:
    """One file to read (``data``), or one that was refused before reading (``refused`` says why)."""

    name: str
    data: bytes | None
    size: int
    refused: str = ""


def too_large(size: int) -> str:
    """The reason a file over ``GONGKAI_INTAKE_MAX_FILE_BYTES`` is refused."""
    limit = settings.GONGKAI_INTAKE_MAX_FILE_BYTES
    return _("文件过大（%(mb).1f MB），上限 %(max).0f MB") % {"mb": size / 1e6, "max": limit / 1e6}


def is_zip(name: str, head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC) and name.lower().endswith(".zip")


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; zips made on Chinese Windows store GBK names without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _unsafe(name: str) -> bool:
    norm = posixpath.normpath(name.replace("\\", "/"))
    return name.startswith(("/", "\\")) or norm.startswith("..") or ":" in name.split("/")[0]


def unpack_zip(name: str, data: bytes) -> Iterator[Entry]:
    """The members of a zip, in order, within the configured limits."""
    max_members = settings.GONGKAI_INTAKE_MAX_FILES
    max_total = settings.GONGKAI_INTAKE_ZIP_MAX_TOTAL
    max_file = settings.GONGKAI_INTAKE_MAX_FILE_BYTES
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        yield Entry(name, None, len(data), _("压缩包已损坏，无法打开"))
        return
    if len(infos) > max_members:
        yield Entry(
            name,
            None,
            len(data),
            _("压缩包内有 %(n)s 个文件，超过上限 %(max)s 个，未展开") % {"n": len(infos), "max": max_members},
        )
        return
    total = 0
    for info in infos:
        member = _member_name(info)
        label = f"{name}/{member}"
        if _unsafe(member):
            yield Entry(label, None, info.file_size, _("文件路径不安全（含“..”或绝对路径），已拒绝"))
            continue
        if info.flag_bits & 0x1:
            yield Entry(label, None, info.file_size, _("文件已加密，无法读取"))
            continue
        if info.file_size > max_file:
            yield Entry(label, None, info.file_size, too_large(info.file_size))
            continue
        total += info.file_size
        if total > max_total:
            yield Entry(label, None, info.file_size, _("压缩包解压后的总大小超过上限，其余文件未展开"))
            continue
        try:
            with archive.open(info) as fh:
                content = fh.read(max_file + 1)  # a lying header never makes us read more
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
            yield Entry(label, None, info.file_size, _("压缩包中的该文件已损坏，无法解压"))
            continue
        if len(content) > max_file:
            yield Entry(label, None, len(content), too_large(len(content)))
            continue
        if is_zip(member, content[:4]):
            yield Entry(label, None, len(content), _("压缩包内的压缩包不予展开，请单独上传"))
            continue
        yield Entry(label, content, len(content))
