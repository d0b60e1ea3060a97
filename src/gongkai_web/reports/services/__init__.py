"""Drafting, checking, locking, publishing and importing annual reports, by concern:

- :mod:`.base`: :class:`ReportError`, the narrative :data:`SECTIONS`, who may draft, approve and see
  personal data;
- :mod:`.drafts`: the stored state (draft, versions, last year's report) and :func:`save_draft`;
- :mod:`.narrative`: the year's facts and the pre-filled narrative (wording in ``reports/prefill/*.txt``);
- :mod:`.versions`: :func:`lock_report` (the saved draft, as checked), :func:`publish_version`;
- :mod:`.imports`: :func:`import_report` (the agency's own published report, as an unlocked version),
  :func:`lock_import`;
- :mod:`.diff`: :func:`diff_reports` between two versions;
- :mod:`.deadlines`: Art. 49, each agency against its deadline.

Every state change checks the actor's permission and writes the audit log in the same transaction.
Errors for people: :class:`ReportError` (``str()`` is the Chinese reason); permission problems raise
:class:`~django.core.exceptions.PermissionDenied`.
"""

from __future__ import annotations

from gongkai_web.reports.services.base import (
    SECTIONS,
    ReportError,
    can_approve,
    can_draft,
    can_see_personal_data,
)
from gongkai_web.reports.services.deadlines import DeadlineRow, deadline, deadline_rows, default_year
from gongkai_web.reports.services.diff import CellChange, TextChange, diff_reports
from gongkai_web.reports.services.drafts import (
    NO_DRAFT,
    clean_sections,
    current_report,
    draft_sections,
    findings_for,
    get_draft,
    latest_version,
    previous_report,
    published_version,
    save_draft,
    saved_report,
    unsaved,
    version_report,
)
from gongkai_web.reports.services.imports import (
    IMPORT_MAX_BYTES,
    finding_record,
    import_findings,
    import_report,
    lock_import,
    same_agency,
)
from gongkai_web.reports.services.narrative import YearFacts, prefill, year_facts
from gongkai_web.reports.services.overview import Count, Overview, fact_records, overview_facts
from gongkai_web.reports.services.versions import (
    FILE_FORMATS,
    UNSAVED,
    content_hash,
    lock_report,
    publish_version,
    replace_import_warning,
)

__all__ = [
    "FILE_FORMATS",
    "IMPORT_MAX_BYTES",
    "NO_DRAFT",
    "SECTIONS",
    "UNSAVED",
    "CellChange",
    "Count",
    "DeadlineRow",
    "Overview",
    "ReportError",
    "TextChange",
    "YearFacts",
    "can_approve",
    "can_draft",
    "can_see_personal_data",
    "clean_sections",
    "content_hash",
    "current_report",
    "deadline",
    "deadline_rows",
    "default_year",
    "diff_reports",
    "draft_sections",
    "fact_records",
    "finding_record",
    "findings_for",
    "get_draft",
    "import_findings",
    "import_report",
    "latest_version",
    "lock_import",
    "lock_report",
    "overview_facts",
    "prefill",
    "previous_report",
    "publish_version",
    "published_version",
    "replace_import_warning",
    "same_agency",
    "save_draft",
    "saved_report",
    "unsaved",
    "version_report",
    "year_facts",
]
