"""The OCR engine: RapidOCR's PP-OCRv4 text detector and recogniser, run on CPU through onnxruntime, with the
models shipped inside the installed package (nothing is downloaded).

The recogniser's raw output (a probability for every character class at every step of the line image) is
decoded here rather than by RapidOCR, so that every recognised character keeps its confidence and, for a
digit, the other digits the model also saw in it: a digit the model is not sure of becomes a blank with
candidates, never a guess (:mod:`gongkai.readers.pagelayout`). Letters that print exactly like a digit
(``O``, ``o``, ``〇`` for 0) count towards that digit: the model's alphabet holds both, a page cannot tell
them apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy comes with the OCR extra: gongkai imports without it
    import numpy as np
    import numpy.typing as npt

    Image = npt.NDArray[Any]  # a grey page or line image, one byte a pixel

REC_HEIGHT = 48  # the recogniser's input height
REC_STRIDE = 8  # image columns per output step
DETECT_SIDE = 2000  # the detector sees the page at most this long (about 170 dpi for A4)
GLANCE_SIDE = 1000  # … and this long to find the page's orientation and skew
#: a digit whose share among the digits the model saw at that step is at least this is a candidate
CANDIDATE_SHARE = 0.08
_DIGITS = "0123456789"
_LOOKALIKE = {"O": "0", "o": "0", "〇": "0", "Ｏ": "0"}
_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}


@dataclass(frozen=True, slots=True)
class Glyph:
    """One recognised character: where it sits along the line (0–1 of the crop's width), how sure the model
    is, and — for a digit — every digit it might be (``alternatives`` holds more than one when unsure)."""

    ch: str
    x0: float
    x1: float
    confidence: float
    alternatives: str = ""


class Engine:
    """One loaded detector and recogniser (a few hundred ms to load: one per process)."""

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        ocr = RapidOCR(print_verbose=False)
        self._det = ocr.text_det
        self._rec = ocr.text_rec.session
        self._classes: list[str] = list(ocr.text_rec.postprocess_op.character)
        digit_ids: list[list[int]] = [[] for _ in _DIGITS]
        for i, ch in enumerate(self._classes):
            d = _LOOKALIKE.get(ch) or _FULLWIDTH.get(ch) or (ch if ch in _DIGITS and len(ch) == 1 else None)
            if d is not None:
                digit_ids[int(d)].append(i)
        self._digit_ids = digit_ids

    def detect(self, gray: Image, side: int = DETECT_SIDE) -> list[npt.NDArray[np.float32]]:
        """Text line boxes (4×2 corner points, clockwise from top left) in ``gray``'s pixels, found on the
        image scaled to at most ``side`` pixels long."""
        import cv2
        import numpy as np

        h, w = gray.shape[:2]
        scale = min(1.0, side / max(h, w))
        small = cv2.resize(gray, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
        boxes, _ = self._det(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
        if boxes is None:
            return []
        return [np.asarray(b, dtype=np.float32) / scale for b in boxes]

    def recognise(self, crops: list[Image]) -> list[list[Glyph]]:
        """The characters of each line image (grey, any size)."""
        import cv2
        import numpy as np

        out: list[list[Glyph]] = [[] for _ in crops]
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / max(crops[i].shape[0], 1))
        for start in range(0, len(order), 8):
            batch = order[start : start + 8]
            widths = [
                max(math.ceil(REC_HEIGHT * crops[i].shape[1] / max(crops[i].shape[0], 1)), 16) for i in batch
            ]
            width = max(max(widths), REC_HEIGHT * 4)
            x = np.zeros((len(batch), 3, REC_HEIGHT, width), dtype=np.float32)
            for k, (i, w) in enumerate(zip(batch, widths, strict=True)):
                line = cv2.resize(crops[i], (w, REC_HEIGHT), interpolation=cv2.INTER_LINEAR)
                x[k, :, :, :w] = (line.astype(np.float32) / 255 - 0.5) / 0.5
            probs = self._rec(x)[0]
            for k, (i, w) in enumerate(zip(batch, widths, strict=True)):
                out[i] = self._decode(probs[k], w)
        return out

    def _decode(self, probs: npt.NDArray[np.float32], width: int) -> list[Glyph]:
        """Greedy CTC decoding, keeping each character's steps for its position and confidence."""
        best = probs.argmax(axis=1)
        glyphs: list[Glyph] = []
        steps: list[int] = []
        prev = 0
        for t, k in enumerate(best.tolist()):
            if k != 0 and k == prev and steps:
                steps.append(t)
            elif k != 0:
                if steps:
                    glyphs.append(self._glyph(probs, steps, width))
                steps = [t]
            elif steps:
                glyphs.append(self._glyph(probs, steps, width))
                steps = []
            prev = k
        if steps:
            glyphs.append(self._glyph(probs, steps, width))
        return [g for g in glyphs if g.ch != " "]

    def _glyph(self, probs: npt.NDArray[np.float32], steps: list[int], width: int) -> Glyph:
        t = max(steps, key=lambda s: float(probs[s].max()))
        row = probs[t]
        ch = self._classes[int(row.argmax())]
        x0 = steps[0] * REC_STRIDE / width
        x1 = min((steps[-1] + 1) * REC_STRIDE / width, 1.0)
        mass = [float(row[ids].sum()) for ids in self._digit_ids]
        total = sum(mass)
        top = max(range(10), key=lambda d: mass[d])
        if _LOOKALIKE.get(ch) or _FULLWIDTH.get(ch) or ch in _DIGITS:
            alternatives = "".join(str(d) for d in range(10) if total and mass[d] / total >= CANDIDATE_SHARE)
            return Glyph(str(top), x0, x1, mass[top], alternatives or str(top))
        return Glyph(ch, x0, x1, float(row.max()))


@lru_cache(maxsize=1)
def engine() -> Engine:
    return Engine()


def available() -> bool:
    """Whether the OCR packages are installed (the ``ocr`` extra)."""
    import importlib.util

    return all(
        importlib.util.find_spec(m) is not None for m in ("rapidocr_onnxruntime", "cv2", "onnxruntime")
    )


__all__ = ["GLANCE_SIDE", "Engine", "Glyph", "available", "engine"]
