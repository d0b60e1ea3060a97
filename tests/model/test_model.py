"""The model: the exact keys of the JSON form, the committed schema, round trips through JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from pydantic import ValidationError

from gongkai.model import Report2019, Report2021, json_schema, report_from_dict
from strategies import valid_reports

DOCS = Path(__file__).resolve().parents[2] / "docs"

ROWS_2019 = [
    "received", "carried_over", "granted", "partially_granted", "refused_state_secret",
    "refused_prohibited_by_law", "refused_security_stability", "refused_third_party", "refused_internal_affairs",
    "refused_process_information", "refused_enforcement_file", "refused_administrative_query", "unable_not_held",
    "unable_needs_creation", "unable_unclear", "not_processed_complaint", "not_processed_repeated",
    "not_processed_publication", "not_processed_excessive", "not_processed_confirmation", "other",
    "total_handled", "carried_forward",
]  # fmt: skip


def test_keys_of_the_json_form() -> None:
    r19 = Report2019().to_json_dict()
    assert list(r19["requests"]) == ROWS_2019
    assert list(r19["requests"]["received"]) == [
        "natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total",
    ]  # fmt: skip
    assert list(r19["proactive"]) == [
        "rules", "normative_documents", "licensing", "other_services", "penalty", "coercion", "fees", "procurement",
    ]  # fmt: skip
    assert r19["proactive"]["procurement"] == {"projects": None, "amount": None, "amount_unit": None}
    r21 = Report2021().to_json_dict()
    assert list(r21["requests"]) == [
        *ROWS_2019[:20], "other", "other_no_correction", "other_unpaid_fee", "other_misc", "total_handled",
        "carried_forward",
    ]  # fmt: skip
    assert r21["proactive"] == {
        "rules": {"issued": None, "repealed": None, "in_force": None},
        "normative_documents": {"issued": None, "repealed": None, "in_force": None},
        "licensing": {"decisions": None},
        "penalty": {"decisions": None},
        "coercion": {"decisions": None},
        "fees": {"amount": None},
    }
    assert list(r21["appeals"]) == ["review", "suit_direct", "suit_after_review"]
    assert list(r21["appeals"]["review"]) == ["upheld", "corrected", "other", "pending", "total"]


def test_unknown_keys_and_templates_are_refused() -> None:
    with pytest.raises(ValidationError):
        report_from_dict({"template": "2021", "requests": {"received": {"subtotal": 1}}})
    with pytest.raises(ValidationError):
        report_from_dict({"template": "2030"})
    with pytest.raises(ValidationError):
        report_from_dict({"template": "2019", "proactive": {"procurement": {"amount_unit": "美元"}}})


def test_committed_schema_is_the_generated_one() -> None:
    committed = json.loads((DOCS / "report.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "regenerate docs/report.schema.json with `uv run gongkai schema`"


@settings(max_examples=40, deadline=None)
@given(valid_reports())
def test_json_round_trip(report: Report2019 | Report2021) -> None:
    data = json.loads(json.dumps(report.to_json_dict(), ensure_ascii=False))
    assert report_from_dict(data).to_json_dict() == report.to_json_dict()


def test_catalog_labels_of_model_paths() -> None:
    from gongkai.layout import printed_label

    assert printed_label("requests.received.total") == "一、本年新收政府信息公开申请数量·总计"
    assert printed_label("requests.granted.natural_person") == "（一）予以公开·自然人"
    assert printed_label("requests.refused_state_secret") == "1.属于国家秘密"
    assert printed_label("appeals.suit_direct.pending") == "未经复议直接起诉·尚未审结"
    assert printed_label("proactive.fees.amount") == "行政事业性收费·本年收费金额（单位：万元）"
    assert printed_label("sections.problems") == "五、存在的主要问题及改进情况"
