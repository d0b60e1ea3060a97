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
    "json_schema",
    "new_report",
    "report_from_dict",
]
