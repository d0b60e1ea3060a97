"""The content of a PDF page as pdfium gives it: characters with their tight glyph boxes, and the ruling lines
of tables collected from the page's path objects (also inside form XObjects). :mod:`gongkai.readers.pdf`
builds cell grids and the layout from it.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as R

from gongkai.errors import DamagedFile, EncryptedFile, LimitExceeded
from gongkai.readers.limits import DEFAULT_LIMITS, Limits
from gongkai.readers.pdfgrid import Segment

THIN = 3.0  # a path this thin (points) in one direction is a ruling line


@dataclass(slots=True)
class Char:
    ch: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float = 1.0  # recognised by OCR: the model's probability; a text layer's glyph: 1
    alternatives: str = ""  # an OCR'd digit: every digit it might be (more than one when unsure)

    @property
    def size(self) -> float:
        return max(self.bottom - self.top, self.x1 - self.x0, 1.0)


@dataclass(slots=True)
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]  # in content order; "\n" marks a line break pdfium found
    horizontal: list[Segment] = field(default_factory=list)
    vertical: list[Segment] = field(default_factory=list)
    images: int = 0


@contextmanager
def open_pdf(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Iterator[pdfium.PdfDocument]:
    """The pdfium document, or a clear error: truncated, damaged, encrypted, too many pages."""
    if b"%%EOF" not in data[-4096:]:
        raise DamagedFile("PDF 不完整（缺少文件结尾标记 %%EOF）")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == R.FPDF_ERR_PASSWORD:
            raise EncryptedFile("PDF 设有打开密码") from None
        if exc.err_code == R.FPDF_ERR_SECURITY:
            raise EncryptedFile("PDF 使用了不支持的加密方式") from None
        raise DamagedFile("PDF 结构无法解析") from None
    try:
        n = len(doc)
        if n == 0:
            raise DamagedFile("PDF 没有任何页面")
        if n > limits.max_pages:
            raise LimitExceeded(f"PDF 共 {n} 页，上限 {limits.max_pages} 页")
        yield doc
    finally:
        doc.close()


def _transform(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _mul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m applied first, then n."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Scratch:
    """Reusable ctypes out-parameters (allocating them per call dominates the cost of small calls)."""

    def __init__(self) -> None:
        self.l, self.b, self.r, self.t = (
            ctypes.c_float(),
            ctypes.c_float(),
            ctypes.c_float(),
            ctypes.c_float(),
        )
        self.dl, self.dr, self.db, self.dt = (
            ctypes.c_double(),
            ctypes.c_double(),
            ctypes.c_double(),
            ctypes.c_double(),
        )
        self.matrix = R.FS_MATRIX()
        self.fill = ctypes.c_int()
        self.stroke = ctypes.c_int()
        self.x, self.y = ctypes.c_float(), ctypes.c_float()


def _is_axis_rect(path: object, s: Scratch) -> bool:
    n = R.FPDFPath_CountSegments(path)
    if n not in (4, 5):
        return False
    pts = []
    for i in range(n):
        seg = R.FPDFPath_GetPathSegment(path, i)
        R.FPDFPathSegment_GetPoint(seg, ctypes.byref(s.x), ctypes.byref(s.y))
        pts.append((s.x.value, s.y.value))
    xs = {round(x, 1) for x, _ in pts}
    ys = {round(y, 1) for _, y in pts}
    return len(xs) <= 2 and len(ys) <= 2


def _collect(
    getter: object, count: int, matrix: tuple[float, ...], page: PageContent, s: Scratch, depth: int = 0
) -> None:
    h = page.height
    for i in range(count):
        obj = getter(i)  # type: ignore[operator]
        kind = R.FPDFPageObj_GetType(obj)
        if kind == R.FPDF_PAGEOBJ_IMAGE:
            page.images += 1
            continue
        if kind == R.FPDF_PAGEOBJ_FORM and depth < 8:
            R.FPDFPageObj_GetMatrix(obj, ctypes.byref(s.matrix))
            m = s.matrix
            inner = _mul((m.a, m.b, m.c, m.d, m.e, m.f), matrix)
            n = R.FPDFFormObj_CountObjects(obj)
            _collect(lambda k, o=obj: R.FPDFFormObj_GetObject(o, k), n, inner, page, s, depth + 1)
            continue
        if kind != R.FPDF_PAGEOBJ_PATH:
            continue
        if not R.FPDFPageObj_GetBounds(
            obj, ctypes.byref(s.l), ctypes.byref(s.b), ctypes.byref(s.r), ctypes.byref(s.t)
        ):
            continue
        x0, y0 = _transform(matrix, s.l.value, s.b.value)
        x1, y1 = _transform(matrix, s.r.value, s.t.value)
        x0, x1 = min(x0, x1), max(x0, x1)
        top, bottom = h - max(y0, y1), h - min(y0, y1)
        w, ht = x1 - x0, bottom - top
        if ht <= THIN and w > THIN:
            page.horizontal.append(Segment((top + bottom) / 2, x0, x1))
        elif w <= THIN and ht > THIN:
            page.vertical.append(Segment((x0 + x1) / 2, top, bottom))
        elif w > THIN and ht > THIN:
            R.FPDFPath_GetDrawMode(obj, ctypes.byref(s.fill), ctypes.byref(s.stroke))
            if s.stroke.value and _is_axis_rect(obj, s):  # a stroked rectangle: its four edges are rulings
                page.horizontal += [Segment(top, x0, x1), Segment(bottom, x0, x1)]
                page.vertical += [Segment(x0, top, bottom), Segment(x1, top, bottom)]


def page_content(doc: pdfium.PdfDocument, index: int, s: Scratch | None = None) -> PageContent:
    s = s or Scratch()
    try:
        page = doc[index]
    except pdfium.PdfiumError:
        raise DamagedFile(f"PDF 第 {index + 1} 页无法载入") from None
    try:
        width, height = page.get_size()
        content = PageContent(number=index + 1, width=width, height=height, chars=[])
        raw = page.raw
        _collect(lambda k: R.FPDFPage_GetObject(raw, k), R.FPDFPage_CountObjects(raw), _IDENTITY, content, s)
        textpage = page.get_textpage()
        try:
            tp = textpage.raw
            n = R.FPDFText_CountChars(tp)
            chars = content.chars
            # the tight glyph box: the loose box of rotated or oddly scaled CJK fonts can be 20 times too big
            get_box = R.FPDFText_GetCharBox
            get_unicode = R.FPDFText_GetUnicode
            refs = ctypes.byref(s.dl), ctypes.byref(s.dr), ctypes.byref(s.db), ctypes.byref(s.dt)
            dl, dr, db, dt = s.dl, s.dr, s.db, s.dt
            for i in range(n):
                code = get_unicode(tp, i)
                if code in (10, 13):
                    if chars and chars[-1].ch != "\n":
                        chars.append(Char("\n", 0, 0, 0, 0))
                    continue
                if code == 0xFFFE or code == 0:
                    continue
                ch = chr(code) if code < 0x110000 else "\ufffd"
                get_box(tp, i, *refs)
                chars.append(Char(ch, dl.value, dr.value, height - dt.value, height - db.value))
        finally:
            textpage.close()
    finally:
        page.close()
    return content
