"""A page image → the page content the PDF reader gets from a text layer (:class:`~gongkai.readers.pdfpage.
PageContent`): characters with boxes, and the ruling lines of the tables, in points.

Before anything is read the page is turned upright: a landscape table printed sideways shows as text lines
taller than wide, and the turn (90° either way) is the one the recogniser reads with more confidence; a slight
skew is measured from the text lines' slope and rotated out. Ruling lines are found with morphology (long thin
runs of ink), then erased, so the detector and recogniser see only text. Each text line is recognised from the
full-resolution image; a table cell holding ink but no detected line (a lone ``0`` is easy to miss) is
recognised from its own ink.
"""

from __future__ import annotations

import itertools
import math
import statistics
from typing import TYPE_CHECKING

import numpy as np

from gongkai.readers.ocrengine import GLANCE_SIDE, Engine, Glyph
from gongkai.readers.pdfgrid import Grid, Segment, find_grids
from gongkai.readers.pdfpage import Char, PageContent

if TYPE_CHECKING:
    from gongkai.readers.ocrengine import Image

MAX_SKEW = 5.0  # degrees: more than this is not a slightly skewed scan; leave it
MIN_SKEW = 0.1  # degrees: less is not worth a resampling
RULING_INCH = 0.25  # a ruling line is a straight run of ink at least this long
PAD = 0.2  # padding around a text line before recognition, in line heights
UPRIGHT_CONFIDENCE = 0.85  # a sample of text lines read at least this surely is upright
FLIP_MARGIN = 0.1  # turned by 180° only when the turned lines read this much more surely


def _aspect(box: np.ndarray) -> tuple[float, float]:
    w = float(np.linalg.norm(box[1] - box[0]))
    h = float(np.linalg.norm(box[3] - box[0]))
    return w, h


def _rotate90(gray: Image, clockwise: bool) -> Image:
    import cv2

    return cv2.rotate(gray, cv2.ROTATE_90_CLOCKWISE if clockwise else cv2.ROTATE_90_COUNTERCLOCKWISE)


def _confidence(eng: Engine, crops: list[Image]) -> float:
    lines = eng.recognise(crops)
    return statistics.fmean(g.confidence for line in lines for g in line) if any(lines) else 0.0


def _upside_down(gray: Image, wide: list[np.ndarray], eng: Engine) -> Image | None:
    """The page turned by 180° if its text lines read far more surely so (scanned upside down), or None. The
    recogniser reads an upright line with confidence near 1 and an upside-down one far lower."""
    import cv2

    if len(wide) < 3:
        return None
    crops = [_crop(gray, b)[0] for b in sorted(wide, key=lambda b: -_aspect(b)[0])[:8]]
    upright = _confidence(eng, crops)
    if upright >= UPRIGHT_CONFIDENCE:
        return None  # the usual case: one batch of eight lines decides it
    flipped = _confidence(eng, [cv2.rotate(c, cv2.ROTATE_180) for c in crops])
    return cv2.rotate(gray, cv2.ROTATE_180) if flipped > upright + FLIP_MARGIN else None


def _upright(gray: Image, boxes: list[np.ndarray], eng: Engine) -> Image | None:
    """The page turned by 90° if its text runs top to bottom (a landscape page printed sideways), by 180° if
    it is upside down, or None."""
    tall = [b for b in boxes if _aspect(b)[1] > 2.5 * _aspect(b)[0]]
    wide = [b for b in boxes if _aspect(b)[0] > 2.5 * _aspect(b)[1]]
    if len(tall) < 5 or len(tall) < 2 * len(wide):
        return _upside_down(gray, wide, eng)
    sample = sorted(tall, key=lambda b: -_aspect(b)[1])[:8]
    crops = [_crop(gray, b)[0] for b in sample]
    scores = []
    for clockwise in (True, False):
        lines = eng.recognise([_rotate90(c, clockwise) for c in crops])
        scores.append(statistics.fmean(g.confidence for line in lines for g in line) if any(lines) else 0.0)
    return _rotate90(gray, scores[0] >= scores[1])


def _skew(boxes: list[np.ndarray]) -> float:
    """The median slope of the long text lines, in degrees (positive: falling to the right)."""
    angles = []
    for b in boxes:
        w, h = _aspect(b)
        if w > 4 * h:
            dx, dy = b[1] - b[0]
            angles.append(math.degrees(math.atan2(float(dy), float(dx))))
    return statistics.median(angles) if len(angles) >= 3 else 0.0


def _rotate(gray: Image, degrees: float) -> Image:
    import cv2

    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    out: Image = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    return out


def _crop(gray: Image, box: np.ndarray, pad: float = PAD) -> tuple[Image, np.ndarray]:
    """The line image: the ink inside ``box``, with a margin of ``pad`` times the text's height around it
    (a lone digit in a wide cell is read far more surely from a tight crop)."""
    import cv2

    h, w = gray.shape[:2]
    x0, y0 = (max(int(v), 0) for v in box.min(axis=0))
    x1, y1 = min(math.ceil(box[:, 0].max()), w), min(math.ceil(box[:, 1].max()), h)
    region = gray[y0:y1, x0:x1]
    if region.size and region.min() < 128:
        ink = cv2.threshold(region, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
        ys, xs = np.nonzero(ink)
        x0, x1, y0, y1 = (
            x0 + int(xs.min()),
            x0 + int(xs.max()) + 1,
            y0 + int(ys.min()),
            y0 + int(ys.max()) + 1,
        )
    p = pad * min(y1 - y0, x1 - x0) if (x1 - x0) < (y1 - y0) else pad * (y1 - y0)
    p = max(p, 2)
    xa, ya, xb, yb = (
        max(int(x0 - p), 0),
        max(int(y0 - p), 0),
        min(math.ceil(x1 + p), w),
        min(math.ceil(y1 + p), h),
    )
    return gray[ya:yb, xa:xb], _box(xa, ya, xb, yb)


def _rulings(gray: Image, dpi: float) -> tuple[Image, list[Segment], list[Segment]]:
    """The ruling lines: a mask of their ink, and horizontal and vertical segments in points."""
    import cv2

    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    run = max(int(dpi * RULING_INCH), 15)
    thick = max(int(dpi * 0.03), 3)  # a ruling is thinner than this (pixels)
    pt = 72.0 / dpi
    mask: Image = np.zeros_like(ink)
    horizontal: list[Segment] = []
    vertical: list[Segment] = []
    for kernel, out in (((run, 1), horizontal), ((1, run), vertical)):
        lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        n, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
        for i in range(1, n):
            # thin on average (a line left slightly askew spans a few rows end to end, but is thin throughout)
            x, y, w, h, area = (int(v) for v in stats[i][:5])
            if out is horizontal and w >= run and area <= thick * w:
                out.append(Segment((y + h / 2) * pt, x * pt, (x + w) * pt))
            elif out is vertical and h >= run and area <= thick * h:
                out.append(Segment((x + w / 2) * pt, y * pt, (y + h) * pt))
        mask = cv2.bitwise_or(mask, lines)
    mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    return mask, horizontal, vertical


def _stacked(box: np.ndarray) -> list[np.ndarray]:
    """A line of text printed one character under another, cut into square pieces (one per character)."""
    (x0, y0), (x1, y1) = box.min(axis=0), box.max(axis=0)
    n = max(round((y1 - y0) / max(x1 - x0, 1)), 1)
    step = (y1 - y0) / n
    return [_box(x0, y0 + k * step, x1, y0 + (k + 1) * step) for k in range(n)]


def _box(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32)


def _split(box: np.ndarray, grids: list[Grid], px: float) -> list[np.ndarray]:
    """A text box cut at the rulings of the table it lies in, so that each cell's text is recognised on its
    own: with the rulings erased the detector may join a row's numbers, or a column of ``0``s, in one box."""
    (x0, y0), (x1, y1) = box.min(axis=0), box.max(axis=0)
    cx, cy = (x0 + x1) / 2 / px, (y0 + y1) / 2 / px
    h = min(y1 - y0, x1 - x0)  # the text's height, whichever way the box runs
    cols = [
        x * px
        for g in grids
        if g.ys[0] <= cy <= g.ys[-1]
        for x in g.xs[1:-1]
        if x0 + 0.3 * h < x * px < x1 - 0.3 * h and g.cell_at(x - 0.5, cy) is not g.cell_at(x + 0.5, cy)
    ]
    rows = [
        y * px
        for g in grids
        if g.xs[0] <= cx <= g.xs[-1]
        for y in g.ys[1:-1]
        if y0 + 0.3 * h < y * px < y1 - 0.3 * h and g.cell_at(cx, y - 0.5) is not g.cell_at(cx, y + 0.5)
    ]
    xs, ys = [x0, *sorted(cols), x1], [y0, *sorted(rows), y1]
    return [
        _box(a, c, b, d)
        for a, b in itertools.pairwise(xs)
        if b - a >= 0.3 * h
        for c, d in itertools.pairwise(ys)
        if d - c >= 0.3 * h
    ]


def _missed(clean: Image, grids: list[Grid], boxes: list[np.ndarray], dpi: float) -> list[np.ndarray]:
    """Boxes around the ink of table cells in which the detector found no text line."""
    import cv2

    px = dpi / 72.0
    spans = [(*b.min(axis=0), *b.max(axis=0)) for b in boxes]
    out = []
    m = max(int(0.04 * dpi), 2)
    for grid in grids:
        for gc in grid.cells:
            x0, y0, x1, y1 = (v * px for v in gc.bbox)
            ya, yb, xa, xb = int(y0) + m, int(y1) - m, int(x0) + m, int(x1) - m
            if yb - ya < 4 or xb - xa < 4:
                continue
            if any(bx0 < xb and bx1 > xa and y0 <= (by0 + by1) / 2 <= y1 for bx0, by0, bx1, by1 in spans):
                continue
            cell = clean[ya:yb, xa:xb]
            if cell.min() > 128:
                continue
            ink = cv2.threshold(cell, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
            ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
            ys, xs = np.nonzero(ink)
            if len(xs) < 0.0004 * dpi * dpi:
                continue
            out.append(_box(xs.min() + xa, ys.min() + ya, xs.max() + xa, ys.max() + ya))
    return out


def _despeckle(gray: Image, dpi: float) -> None:
    """Remove, in place, specks of ink smaller than a decimal point (a scan's dust and noise): the recogniser
    reads a speck beside a digit as another digit. A decimal point is 5 pixels at 150 dpi, a speck 1–3."""
    import cv2

    ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    speck = np.zeros(n, dtype=bool)
    speck[1:] = stats[1:, 4] <= 3.0 * max(1.0, dpi / 150) ** 2
    gray[speck[labels]] = 255


_TRAILING = frozenset(".,·'`+-_:;。，、")


def _chars(box: np.ndarray, glyphs: list[Glyph], pt: float) -> list[Char]:
    # a stray mark read after a number ("0." "0+") is not part of it; a doubtful one is dropped
    while (
        len(glyphs) >= 2
        and glyphs[-1].ch in _TRAILING
        and glyphs[-1].confidence < 0.95
        and glyphs[-2].ch.isdigit()
    ):
        glyphs = glyphs[:-1]
    (x0, y0), (x1, y1) = box.min(axis=0), box.max(axis=0)
    w = x1 - x0
    return [
        Char(g.ch, (x0 + g.x0 * w) * pt, (x0 + g.x1 * w) * pt, y0 * pt, y1 * pt, g.confidence, g.alternatives)
        for g in glyphs
    ]


def _unread(
    clean: Image,
    lines: list[np.ndarray],
    glyphs: list[list[Glyph]],
    grids: list[Grid],
    px: float,
    eng: Engine,
) -> None:
    """Ink in a table cell that the recogniser read as nothing: read once more with a wider margin; if still
    nothing, the cell holds a digit that cannot be read — every digit is a candidate, so the cell is a blank
    with a finding (never a blank 'as printed')."""
    unread = [k for k, g in enumerate(glyphs) if not g]
    if not unread:
        return
    again = eng.recognise([_crop(clean, lines[k], 0.6)[0] for k in unread])
    for k, found in zip(unread, again, strict=True):
        cx, cy = (float(v) / px for v in lines[k].mean(axis=0))
        if found:
            glyphs[k] = found
        elif any(g.cell_at(cx, cy) is not None for g in grids):
            glyphs[k] = [Glyph("0", 0.0, 1.0, 0.0, "0123456789")]


def read_page(gray: Image, dpi: float, number: int, eng: Engine) -> PageContent:
    """The content of one page image (grey, ``dpi`` dots per inch), page ``number`` (1-based)."""
    boxes = eng.detect(gray, GLANCE_SIDE)
    turned = _upright(gray, boxes, eng)
    if turned is not None:
        gray = turned
        boxes = eng.detect(gray, GLANCE_SIDE)
    skew = _skew(boxes)
    if MIN_SKEW <= abs(skew) <= MAX_SKEW:
        gray = _rotate(gray, skew)
    mask, horizontal, vertical = _rulings(gray, dpi)
    grids = find_grids(horizontal, vertical)
    clean = gray.copy()
    px = dpi / 72.0
    for g in grids:  # only the tables' rulings: a long stroke of a big title is not one
        x0, y0, x1, y1 = (int(v * px) for v in g.bbox)
        m = int(0.05 * dpi)
        region = (slice(max(y0 - m, 0), y1 + m), slice(max(x0 - m, 0), x1 + m))
        clean[region][mask[region] > 0] = 255
    _despeckle(clean, dpi)
    boxes = eng.detect(clean)
    lines: list[np.ndarray] = []
    heights = [h for w, h in map(_aspect, boxes) if w > 2 * h]
    line_height = statistics.median(heights) if heights else 0.1 * dpi
    for b in boxes:
        for piece in _split(b, grids, px):
            w, h = _aspect(_crop(clean, piece, 0)[1])  # the ink's extent: a lone digit's box may be tall
            lines.extend(_stacked(piece) if h > 1.8 * w and h > 1.6 * line_height else [piece])
    lines.extend(_missed(clean, grids, lines, dpi))
    crops = [_crop(clean, b) for b in lines]
    lines = [rect for _, rect in crops]
    glyphs = eng.recognise([image for image, _ in crops])
    _unread(clean, lines, glyphs, grids, px, eng)
    pt = 72.0 / dpi
    height, width = gray.shape[:2]
    content = PageContent(number=number, width=width * pt, height=height * pt, chars=[])
    content.horizontal, content.vertical = horizontal, vertical
    content.chars = _in_reading_order(list(zip(lines, glyphs, strict=True)), pt)
    return content


def _in_reading_order(found: list[tuple[np.ndarray, list[Glyph]]], pt: float) -> list[Char]:
    """Lines top to bottom (a line is every box overlapping it vertically), each left to right, each ended by
    a line break, as pdfium gives a text layer."""
    chars: list[Char] = []
    rows: list[list[tuple[np.ndarray, list[Glyph]]]] = []
    bottom = -1.0
    for box, glyphs in sorted((f for f in found if f[1]), key=lambda f: float(f[0][:, 1].min())):
        top, low = float(box[:, 1].min()), float(box[:, 1].max())
        if rows and top < bottom - 0.5 * (low - top):
            rows[-1].append((box, glyphs))
            bottom = max(bottom, low)
        else:
            rows.append([(box, glyphs)])
            bottom = low
    for row in rows:
        for box, glyphs in sorted(row, key=lambda f: float(f[0][:, 0].min())):
            chars.extend(_chars(box, glyphs, pt))
        chars.append(Char("\n", 0, 0, 0, 0))
    return chars
