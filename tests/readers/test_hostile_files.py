"""Hostile and broken files: each ends in one clear line (an InputError, exit code 2) within bounded time and
memory, and every limit can be changed."""

from __future__ import annotations

import io
import struct
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from test_docx_reader import make_docx, p
from test_pdf_reader import HONGZE, make_pdf
from typer.testing import CliRunner

from gongkai.cli import _register, app
from gongkai.errors import (
    DamagedFile,
    EncryptedFile,
    FileTooLarge,
    LimitExceeded,
    NeedsLibreOffice,
    ScannedPdf,
    UnsafeDocument,
)
from gongkai.readers import docx as docx_reader
from gongkai.readers import ocr, ole, read_bytes
from gongkai.readers.limits import Limits

runner = CliRunner()
_register()


def one_line_exit_2(tmp_path: Path, name: str, data: bytes, *extra: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    started = time.monotonic()
    result = runner.invoke(app, ["parse", *extra, str(path)])
    assert time.monotonic() - started < 60  # bounded; not a timing test
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{path}: ")
    assert "Traceback" not in result.output
    return lines[0]


# ---- PDF --------------------------------------------------------------------------------------------------


def test_encrypted_pdf(tmp_path: Path) -> None:
    line = one_line_exit_2(
        tmp_path, "locked.pdf", make_pdf(["BT /F1 9 Tf 50 800 Td (x) Tj ET"], encrypt=True)
    )
    assert "文件已加密，需要密码才能打开：PDF 设有打开密码" in line
    with pytest.raises(EncryptedFile):
        read_bytes(make_pdf(["BT ET"], encrypt=True))


def test_truncated_pdf(tmp_path: Path) -> None:
    data = HONGZE.read_bytes()
    line = one_line_exit_2(tmp_path, "half.pdf", data[: len(data) // 2])
    assert "文件已损坏：PDF 不完整（缺少文件结尾标记 %%EOF）。文件可能未下载完整或已被截断" in line


def test_corrupt_pdf_body(tmp_path: Path) -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * 50 + b"\n%%EOF\n"
    line = one_line_exit_2(tmp_path, "corrupt.pdf", data)
    assert "文件已损坏：PDF 结构无法解析" in line


def test_scanned_pdf_without_the_ocr_packages_says_scan_and_how_to_enable_ocr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    line = one_line_exit_2(tmp_path, "scan.pdf", make_pdf([], image_pages=3))
    assert "这是扫描件 PDF（页面是图片，没有文字层）：第 1–3 页只有图片" in line
    assert "uv sync --extra ocr" in line
    with pytest.raises(ScannedPdf):
        read_bytes(make_pdf([], image_pages=1))


def test_scanned_pdf_whose_images_hold_no_text(tmp_path: Path) -> None:
    line = one_line_exit_2(tmp_path, "scan.pdf", make_pdf([], image_pages=3))
    assert "文件无法读取：图片中没有识别到文字" in line


def test_pdf_of_500_pages(tmp_path: Path) -> None:
    data = make_pdf([f"BT /F1 9 Tf 50 800 Td (page {n}) Tj ET" for n in range(500)])
    line = one_line_exit_2(tmp_path, "long.pdf", data)
    assert "超出读取上限：PDF 共 500 页，上限 200 页" in line
    with pytest.raises(LimitExceeded, match="上限 20 页"):
        read_bytes(data, limits=Limits(max_pages=20))


def test_time_limit_is_enforced() -> None:
    with pytest.raises(LimitExceeded, match="读取超过 0 秒"):
        read_bytes(HONGZE.read_bytes(), limits=Limits(max_seconds=0))


# ---- DOCX / ZIP -------------------------------------------------------------------------------------------


def zip_with(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def test_docx_zip_bomb_refused_before_extraction(tmp_path: Path) -> None:
    bomb = zip_with({"word/document.xml": b"<a/>", "word/media/bomb.bin": b"\0" * (64 * 1024 * 1024)})
    assert len(bomb) < 200_000
    line = one_line_exit_2(tmp_path, "bomb.docx", bomb)
    assert "超出读取上限：压缩包内 word/media/bomb.bin 的压缩比为" in line and "疑似压缩炸弹" in line
    normal = make_docx(p("x"))
    with pytest.raises(LimitExceeded, match="解压后共"):
        read_bytes(normal, limits=Limits(max_unzipped_bytes=10))
    with pytest.raises(LimitExceeded, match="压缩包内有 2 个文件，上限 1 个"):
        read_bytes(normal, limits=Limits(max_zip_members=1))


def test_zip_member_larger_than_declared_is_not_inflated() -> None:
    """A header that under-states a member's size: extraction stops at the declared size (CRC error)."""
    data = bytearray(zip_with({"word/document.xml": b"<w:document/>" + b" " * 5_000_000}))
    declared = 100
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        at = data.find(sig)
        data[at + offset : at + offset + 4] = struct.pack("<I", declared)
    with pytest.raises(DamagedFile, match="无法解压"):
        read_bytes(bytes(data))


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    b"<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    b"<w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.mark.parametrize(
    "xml", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["entity-expansion", "external-entity"]
)
def test_docx_with_dtd_entities_is_refused(tmp_path: Path, xml: bytes) -> None:
    line = one_line_exit_2(tmp_path, "evil.docx", make_docx("", document=xml.decode()))
    assert "文件含有不安全的结构，已拒绝读取：word/document.xml 含有 DTD/实体声明" in line


@pytest.mark.parametrize(
    "xml", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["entity-expansion", "external-entity"]
)
def test_the_parser_itself_expands_nothing(xml: bytes) -> None:
    """Defence in depth: even past the DTD check, the parser resolves no entity and reads no file."""
    try:
        root = etree.fromstring(xml, parser=docx_reader._PARSER)
    except etree.XMLSyntaxError as exc:  # libxml2 refuses the amplification outright
        assert "amplification" in str(exc)
        return
    text = "".join(root.itertext())
    assert "lollol" not in text and "root:" not in text


def test_xlsx_with_dtd_is_refused() -> None:
    data = zip_with({"xl/workbook.xml": EXTERNAL_ENTITY, "[Content_Types].xml": b"<Types/>"})
    with pytest.raises(UnsafeDocument, match=r"xl/workbook\.xml"):
        read_bytes(data)


# ---- .doc/.wps, HTML --------------------------------------------------------------------------------------

FAKE_DOC = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 600
)


def test_doc_without_libreoffice_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ole, "soffice", lambda: None)
    line = one_line_exit_2(tmp_path, "report.doc", FAKE_DOC)
    assert "读取此格式需要 LibreOffice：Word 97-2003 / WPS 文档（.doc/.wps）" in line
    assert "apt install libreoffice-writer-nogui" in line
    with pytest.raises(NeedsLibreOffice):
        read_bytes(FAKE_DOC)


def test_encrypted_office_document() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(EncryptedFile, match="Office 文档设有打开密码"):
        read_bytes(data)


def test_libreoffice_conversion_is_bounded_in_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A converter that hangs is stopped at the limit, with every process it started.

    Real soffice gives up on a fake .doc by itself within seconds, so it cannot show that the limit works; this
    stand-in hangs (for 30 s, and through a child of its own, as soffice.bin is a child of soffice). Without the
    limit the read would take 30 s and end in DamagedFile (no output) instead of LimitExceeded."""
    pids = tmp_path / "pids"
    hang = tmp_path / "soffice"
    hang.write_text(f"#!/bin/sh\necho $$ > {pids}\nsleep 30 &\necho $! >> {pids}\nwait\n")
    hang.chmod(0o755)
    monkeypatch.setattr(ole, "soffice", lambda: str(hang))
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match=r"超出读取上限：LibreOffice 转换超过 0\.5 秒。"):
        read_bytes(FAKE_DOC, limits=Limits(max_seconds=0.5))
    assert time.monotonic() - started < 5
    shell, child = (int(x) for x in pids.read_text().split())
    assert ended(shell) and ended(child)  # the whole process group was killed, not only the shell


def ended(pid: int, within: float = 2.0) -> bool:
    """True once ``pid`` has ended (a killed child that nobody has reaped yet is a zombie: ended)."""
    stop = time.monotonic() + within
    while True:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            return True
        if stat.rsplit(")", 1)[1].split()[0] in ("Z", "X"):
            return True
        if time.monotonic() > stop:
            return False
        time.sleep(0.05)


def test_html_page_of_100_mb(tmp_path: Path) -> None:
    page = (
        b"<html><body><table>"
        + b"<tr><td>1</td></tr>" * (100 * 1024 * 1024 // 19)
        + b"</table></body></html>"
    )
    assert len(page) > 100 * 1024 * 1024
    line = one_line_exit_2(tmp_path, "huge.html", page)
    assert "文件过大：104.9 MB，上限 52.4 MB" in line
    with pytest.raises(FileTooLarge, match=r"上限 52\.4 MB"):
        read_bytes(page)  # the size limit holds for bytes read from anywhere, not only for files
    with pytest.raises(FileTooLarge):
        read_bytes(page[:2000] + b"</table>", limits=Limits(max_bytes=1000))


def test_pdf_with_no_text_at_all(tmp_path: Path) -> None:
    line = one_line_exit_2(tmp_path, "empty.pdf", make_pdf(["0.5 w 50 50 m 100 100 l S"]))
    assert "文件无法读取：PDF 中没有文字。页面上既没有文字层，也没有扫描的图片" in line
