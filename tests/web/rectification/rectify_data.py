"""What the 整改 tests share: the real 2021 report of 平潭综合实验区社会事业局 (an error and warnings), its
corrected version as the agency would send it, and collecting reports through the intake."""

from __future__ import annotations

from pathlib import Path

import gongkai
from gongkai_web.agencies.models import User
from gongkai_web.supervision import embedded
from gongkai_web.supervision.services.intake import create_batch

REPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
SOCIAL_2021 = "2021-pingtan-social-crawled.txt"
#: the cells the 2021 report of 社会事业局 left blank or ambiguous
BLANK = (
    "proactive.fees.amount",
    "proactive.normative_documents.issued",
    "proactive.normative_documents.repealed",
    "proactive.normative_documents.in_force",
    "proactive.rules.issued",
    "proactive.rules.repealed",
    "proactive.rules.in_force",
)


def fixture(name: str) -> tuple[str, bytes]:
    path = next(REPORTS.glob(f"*/{name}"))
    return path.name, path.read_bytes()


def corrected_social(fix: tuple[str, ...] = BLANK, licensing: int | None = 888) -> bytes:
    """The agency's corrected report: the real one with the blank cells filled (and the ambiguous licensing
    figure written out), on the 2021 template, as the Word file an office would send."""
    report = gongkai.read_report(REPORTS / "2021" / SOCIAL_2021).report
    for path in fix:
        report.set(path, 0)
    if licensing is not None:
        report.set("proactive.licensing.decisions", licensing)
    return gongkai.render_report(report, "docx")


def collect(chief: User, *names: str) -> None:
    create_batch(chief, files=[fixture(n) for n in names], name="一月收集")
    embedded.drain()
