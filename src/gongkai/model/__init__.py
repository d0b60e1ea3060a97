"""The report model (see :mod:`gongkai.model.report`)."""

from gongkai.model.report import (
    APPEAL_COLUMNS,
    APPLICANT_COLUMNS,
    REQUEST_COLUMNS,
    SCHEMA_ID,
    AnnualReport,
    Location,
    Report,
    Report2019,
    Report2021,
    Source,
    new_report,
    report_from_dict,
)
from gongkai.model.schema import json_schema
from gongkai.model.text import clean_text

__all__ = [
    "APPEAL_COLUMNS",
    "APPLICANT_COLUMNS",
    "REQUEST_COLUMNS",
    "SCHEMA_ID",
    "AnnualReport",
    "Location",
    "Report",
    "Report2019",
    "Report2021",
    "Source",
    "clean_text",
    "json_schema",
    "new_report",
    "report_from_dict",
]
