"""The JSON Schema of the report, generated from the model, each field described by its official label.

The labels are not written in the model: they come from :mod:`gongkai.layout` (which takes them from the
catalog), so the schema, the rendered tables and the checker's messages name a cell the same way.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from gongkai import layout
from gongkai.model.report import _ADAPTER, SCHEMA_ID, AppealGroup, Appeals, RequestRow, Sections, new_report


def _labels() -> dict[str, dict[str, str]]:
    """Model class name → field → its official label."""
    out: dict[str, dict[str, str]] = {
        RequestRow.__name__: {c: layout.request_column_heading(c) for c in RequestRow.model_fields},
        AppealGroup.__name__: {c: layout.appeal_column_label(c) for c in AppealGroup.model_fields},
        Appeals.__name__: {g: layout.appeal_group_heading(g) for g in Appeals.model_fields},
        Sections.__name__: {s: layout.section_heading(s) for s in Sections.model_fields},
    }
    for template in layout.TEMPLATES:
        proactive = new_report(template).proactive
        for spec in layout.proactive_rows(template):
            row: BaseModel = getattr(proactive, spec.key)
            out.setdefault(type(row).__name__, {}).update(spec.columns)
    return out


def json_schema() -> dict[str, Any]:
    schema = _ADAPTER.json_schema(by_alias=True)
    for name, labels in _labels().items():
        properties = schema["$defs"][name]["properties"]
        for field, label in labels.items():
            prop = properties[field]
            note = prop.get("description")
            prop["description"] = f"{label} {note}" if note else label
            properties[field] = dict(sorted(prop.items()))
    schema["$id"] = SCHEMA_ID
    schema["title"] = "政府信息公开工作年度报告 (gongkai.annual-report/1)"
    return schema


__all__ = ["json_schema"]
