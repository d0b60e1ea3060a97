"""Word 97-2003 (.doc), WPS (.wps/.et), old Excel (.xls) and OpenDocument files: converted by LibreOffice
(``soffice --headless --convert-to``) when it is installed, then read as .docx/.xlsx. Without LibreOffice the
user is told how to get it; an encrypted file is refused before any conversion is tried.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

from gongkai.errors import DamagedFile, EncryptedFile, LimitExceeded, NeedsLibreOffice, UnsupportedFormat
from gongkai.readers.layout import Layout
from gongkai.readers.limits import DEFAULT_LIMITS, Limits

NAME = "libreoffice"

_WORD = "WordDocument".encode("utf-16-le")
_EXCEL = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_ENCRYPTED = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


def sniff_odf(zf: zipfile.ZipFile) -> bool:
    try:
        return zf.read("mimetype")[:64].startswith(b"application/vnd.oasis.opendocument.")
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error):
        return False  # no readable mimetype: not OpenDocument


def kind(data: bytes) -> tuple[str, str]:
    """(what it is, for people; the format to convert to)."""
    if data.startswith(b"PK"):
        if b"opendocument.spreadsheet" in data[:200]:
            return "OpenDocument 表格（.ods）", "xlsx"
        return "OpenDocument 文本（.odt）", "docx"
    if any(m in data for m in _ENCRYPTED):
        raise EncryptedFile("Office 文档设有打开密码")
    if _WORD in data:
        return "Word 97-2003 / WPS 文档（.doc/.wps）", "docx"
    if any(m in data for m in _EXCEL):
        return "Excel 97-2003 / WPS 表格（.xls/.et）", "xlsx"
    raise UnsupportedFormat("OLE 复合文档，但不是 Word、WPS 或 Excel 文档")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, target: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The file converted by LibreOffice to ``target`` ("docx" or "xlsx")."""
    what, _ = kind(data)
    exe = soffice()
    if exe is None:
        raise NeedsLibreOffice(what)
    with tempfile.TemporaryDirectory(prefix="gongkai-lo-") as tmp:
        src = Path(tmp) / "input.bin"
        src.write_bytes(data)
        profile = (Path(tmp) / "profile").as_uri()
        cmd = [
            exe,
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            target,
            "--outdir",
            tmp,
            str(src),
        ]
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env={**os.environ, "HOME": tmp},
        )
        try:
            proc.wait(timeout=limits.max_seconds)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise LimitExceeded(f"LibreOffice 转换超过 {limits.max_seconds:g} 秒") from None
        out = Path(tmp) / f"input.{target}"
        if not out.exists() or out.stat().st_size == 0:
            raise DamagedFile(f"LibreOffice 无法转换此{what}")
        return out.read_bytes()


def read(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Layout:
    from gongkai.readers import docx, xlsx

    _, target = kind(data)
    converted = convert(data, target, limits)
    layout = docx.read(converted, limits) if target == "docx" else xlsx.read(converted, limits)
    layout.reader = f"{NAME}→{target}"
    return layout
