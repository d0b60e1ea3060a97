"""What a rule may know besides the report itself."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.model.facts import DocumentFacts
from gongkai.model.report import Report


@dataclass(frozen=True)
class CheckContext:
    """``previous``: last year's report of the same agency (cross-year rules); ``facts``: what the reader saw
    in the document besides the values (document-level rules). Rules that need a missing part do not run."""

    previous: Report | None = None
    facts: DocumentFacts | None = None
