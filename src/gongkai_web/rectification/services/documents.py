"""A notice as a Word file (python-docx) and as PDF (LibreOffice converts the Word file). The Word file is
read back before it is kept: it must open and hold the number, the title and every finding of the table."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import docx
from django.utils.translation import gettext as _
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.run import Run

from gongkai_web.common.errors import WebError
from gongkai_web.rectification.defaults import TABLE

FONT = "SimSun"  # 宋体: LibreOffice substitutes a CJK font where it is missing
PDF_SECONDS = 120


class DocumentError(WebError):
    """The notice's file could not be made or did not read back; nothing was issued."""


@dataclass(frozen=True)
class Row:
    agency: str
    rule: str
    message: str
    where: str


@dataclass(frozen=True)
class Draft:
    number: str
    title: str
    body: str  # placeholders filled; a line ``{问题清单}`` is where the table goes
    issuer: str
    issued: dt.date
    rows: list[Row]
    many_agencies: bool


def _font(run: Run, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.bold = bold
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _table(document: Document, draft: Draft) -> None:
    headers = [
        _("序号"),
        *([_("单位")] if draft.many_agencies else []),
        _("检查规则"),
        _("问题"),
        _("单元格及位置"),
    ]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _font(cell.paragraphs[0].add_run(text), 10.5, bold=True)
    for n, row in enumerate(draft.rows, 1):
        values = [str(n), *([row.agency] if draft.many_agencies else []), row.rule, row.message, row.where]
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _font(cell.paragraphs[0].add_run(text), 10.5)


def render_docx(draft: Draft) -> bytes:
    document = docx.Document()
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(number.add_run(draft.number), 12)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(draft.title), 18, bold=True)
    placed = False
    for line in draft.body.splitlines():
        if line.strip() == TABLE:
            _table(document, draft)
            placed = True
            continue
        para = document.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(24) if not line.endswith(("：", ":")) else None
        _font(para.add_run(line), 14)
    if not placed:
        _table(document, draft)
    for text in (draft.issuer, f"{draft.issued.year}年{draft.issued.month}月{draft.issued.day}日"):
        para = document.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(para.add_run(text), 14)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def read_back(data: bytes, draft: Draft) -> None:
    """Raise :class:`DocumentError` unless the Word file opens and holds the number, title and each row."""
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise DocumentError(_("生成的 Word 文件无法读回（%(why)s），未签发") % {"why": exc}) from exc
    paragraphs = [p.text for p in document.paragraphs]
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    missing = [t for t in (draft.number, draft.title) if t not in paragraphs]
    missing += [r.message for r in draft.rows if not any(r.message in row for row in cells)]
    if missing or len(cells) != len(draft.rows) + 1:
        raise DocumentError(
            _("生成的 Word 文件读回后内容不全（如“%(what)s”），未签发")
            % {"what": missing[0] if missing else _("问题清单")}
        )


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(data: bytes) -> tuple[bytes | None, str]:
    """The Word file as PDF by LibreOffice, or ``None`` and why not (the notice keeps its Word file)."""
    exe = soffice()
    if exe is None:
        return None, _("未安装 LibreOffice，未生成 PDF；请下载 Word 文件")
    with tempfile.TemporaryDirectory(prefix="gongkai-notice-") as tmp:
        src = Path(tmp) / "notice.docx"
        src.write_bytes(data)
        cmd = [
            exe,
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
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
            proc.wait(timeout=PDF_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return None, _("LibreOffice 转换超时，未生成 PDF；请下载 Word 文件")
        out = Path(tmp) / "notice.pdf"
        if not out.exists() or not out.read_bytes().startswith(b"%PDF"):
            return None, _("LibreOffice 未能转换，未生成 PDF；请下载 Word 文件")
        return out.read_bytes(), ""
