from __future__ import annotations

from collections.abc import Iterator

from gongkai.checker.context import CheckContext
from gongkai.checker.finding import Finding, Severity
from gongkai.checker.rule import Rule
from gongkai.model.report import Report


class RuleF113(Rule):
    """本报告是扫描件或图片，第{pages}页由文字识别（OCR）读取，数字的最低置信度为{confidence}；请对照原件核对

    An image-only PDF (图片版) or a page image has no text to read: gongkai recognises it with OCR (RapidOCR,
    on this machine, offline). Every digit keeps the recogniser's probability (``parse --cells`` shows it per
    value); a digit it is unsure of makes the cell a blank with its candidates (F107), which the tables' own
    sums may decide (F108). Information only: a person relying on the numbers knows they were recognised,
    not copied.

    **Anti-pattern**

    The annual report published as scanned page images in a PDF, with no text layer.

    **Best practice**

    Publish the report as a web page or a text-based PDF (exported from Word/WPS): its numbers can be copied.

    **Basis**

    De-facto: what the reader did is part of the data's provenance; 《政府信息公开条例》第二十三条 asks for
    information to be published in a form convenient to the public.
    """

    code = "F113"
    name = "read-by-ocr"
    severity = Severity.INFO
    basis = "de-facto"
    needs_facts = True

    def evaluate(self, report: Report, context: CheckContext) -> Iterator[Finding]:
        facts = context.facts
        assert facts is not None
        if not facts.ocr_pages:
            return
        pages = facts.ocr_pages
        span = str(pages[0]) if len(pages) == 1 else f"{pages[0]}–{pages[-1]}"
        confidence = "—" if facts.ocr_confidence is None else f"{facts.ocr_confidence:.2f}"
        yield self.finding(report, [], pages=span, confidence=confidence)
