"""A hand-built ledger for 2022–2025 whose 2024 annual report is known cell by cell (see ``EXPECTED_2024``).

Records are model instances created directly (dates in the past, as the ledger stores them after the service
functions ran); the fee and extension events are stored like the services store them.

2024, 表三 (自然人 / 商业企业 / 科研机构 / 社会公益组织 / 法律服务机构 / 其他):

- 上年结转 3: a2 (商业企业, received 2023-12-20, answered 2024-01-10), a3 (自然人, correction asked 2023-12-28,
  closed 2024-01-26 for no correction), a5 (法律服务机构, received 2023-10-10, consulting through 2024 — carried
  over AND carried forward: two years).
- 本年新收 11: b1–b11; b12 (received 2025-01-06), an unregistered online request and another agency's
  application are not counted.
- 办理结果 12: 予以公开 b1 b2 b8; 部分公开 b3 a2; 保护第三方 b4; 另行制作 b11; 重复申请 b10 (answered 2024-11-20, closed
  2025-01-03: counted when answered); （六）1 b6 a3; （六）2 b7 (fee notice unpaid); （六）3 b5 (withdrawn).
- 结转下年度 2: b9 (received 2024-12-10, extended 2024-12-30 across New Year, answered 2025-01-15) and a5.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gongkai_web.agencies.models import Agency, User
from gongkai_web.appeals.models import Appeal
from gongkai_web.applications.models import Application, ApplicationEvent
from gongkai_web.disclosures.models import AnnualFigure
from web.factories import AgencyFactory, DisclosureFactory

D = dt.date
#: A written narrative for the 2024 report that agrees with the ledger (passes the checker).
NARRATIVE = {
    "overview": "本年度新收政府信息公开申请11件，上年结转3件，办结申请12件，结转下年度继续办理2件。",
    "problems": "（一）存在的主要问题\n答复文书不够规范。\n（二）改进情况\n已统一文书模板。",
    "other": "依据《政府信息公开信息处理费管理办法》规定，2024年本机关实际收取信息处理费1笔，共计1200元。",
}
COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org")


def row(np: int = 0, com: int = 0, res: int = 0, soc: int = 0, leg: int = 0, oth: int = 0) -> dict[str, int]:
    values = (np, com, res, soc, leg, oth)
    return {**dict(zip(COLS, values, strict=True)), "total": sum(values)}


_ZERO_ROWS = (
    "granted",
    "partially_granted",
    "refused_state_secret",
    "refused_prohibited_by_law",
    "refused_security_stability",
    "refused_third_party",
    "refused_internal_affairs",
    "refused_process_information",
    "refused_enforcement_file",
    "refused_administrative_query",
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear",
    "not_processed_complaint",
    "not_processed_repeated",
    "not_processed_publication",
    "not_processed_excessive",
    "not_processed_confirmation",
    "other_no_correction",
    "other_unpaid_fee",
    "other_misc",
)

EXPECTED_2024: dict[str, Any] = {
    "requests": {
        **{k: row() for k in _ZERO_ROWS},
        "received": row(np=7, com=2, soc=1, oth=1),
        "carried_over": row(np=1, com=1, leg=1),
        "granted": row(np=2, com=1),
        "partially_granted": row(np=1, com=1),
        "refused_third_party": row(com=1),
        "unable_needs_creation": row(np=1),
        "not_processed_repeated": row(oth=1),
        "other_no_correction": row(np=2),
        "other_unpaid_fee": row(soc=1),
        "other_misc": row(np=1),
        "total_handled": row(np=7, com=3, soc=1, oth=1),
        "carried_forward": row(np=1, leg=1),
        # the hybrid single （六） row stays blank in the 2021 template
        "other": dict.fromkeys((*COLS, "total")),
    },
    "appeals": {
        "review": {"upheld": 1, "corrected": 1, "other": 0, "pending": 1, "total": 3},
        "suit_direct": {"upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1},
        "suit_after_review": {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1},
    },
    "proactive": {
        "rules": {"issued": 1, "repealed": 1, "in_force": 1},
        "normative_documents": {"issued": 2, "repealed": 0, "in_force": 4},
        "licensing": {"decisions": 12},
        "penalty": {"decisions": 5},
        "coercion": {"decisions": 0},
        "fees": {"amount": 0.35},
    },
}

# 2023: received a1 a2 a3 a5, carried over a4 (received 2022-12-28); handled a1 (予以公开), a4 (不掌握).
EXPECTED_2023_REQUESTS = {
    "received": row(np=2, com=1, leg=1),
    "carried_over": row(res=1),
    "granted": row(np=1),
    "unable_not_held": row(res=1),
    "total_handled": row(np=1, res=1),
    "carried_forward": row(np=1, com=1, leg=1),
}


def _app(agency: Agency, code: str, kind: str, received: dt.date | None, **fields: Any) -> Application:
    status = fields.pop("status", "decided" if fields.get("decided_on") else "open")
    return Application.objects.create(
        agency=agency,
        tracking_code=code,
        applicant_type=kind,
        applicant_name=fields.pop("name", f"申请人{code}"),
        id_number=fields.pop("id_number", "110101199001011234"),
        phone=fields.pop("phone", "13800000000"),
        address=fields.pop("address", "测试市人民路1号"),
        content="申请公开某项政府信息",
        channel="in-person",
        receipt_basis="in-person",
        received_on=received,
        status=status,
        **fields,
    )


def _event(app: Application, kind: str, day: dt.date, **fields: Any) -> None:
    ApplicationEvent.objects.create(application=app, kind=kind, date=day, **fields)


def build_ledger(agency: Agency, actor: User | None = None) -> dict[str, Any]:
    """The ledger described in the module docstring; returns the records by name."""
    r: dict[str, Any] = {}
    # -- received before 2024
    r["a1"] = _app(
        agency, "A1", "natural_person", D(2023, 3, 1), outcome="granted", decided_on=D(2023, 3, 20)
    )
    _event(r["a1"], "fee_notice", D(2023, 3, 5), amount=100)
    _event(r["a1"], "fee_paid", D(2023, 3, 10))
    r["a2"] = _app(
        agency, "A2", "commercial", D(2023, 12, 20), outcome="partially_granted", decided_on=D(2024, 1, 10)
    )
    r["a3"] = _app(
        agency, "A3", "natural_person", D(2023, 12, 25), status="closed", outcome="other_no_correction",
        closed_on=D(2024, 1, 26),
    )  # fmt: skip
    _event(r["a3"], "correction_requested", D(2023, 12, 28), end=D(2024, 1, 12))
    r["a4"] = _app(
        agency, "A4", "research", D(2022, 12, 28), outcome="unable_not_held", decided_on=D(2023, 1, 15)
    )
    r["a5"] = _app(
        agency, "A5", "legal_services", D(2023, 10, 10), status="consulting",
        outcome="refused_third_party", decided_on=D(2025, 1, 10),
    )  # fmt: skip
    # -- received in 2024
    r["b1"] = _app(
        agency, "B01", "natural_person", D(2024, 2, 1), outcome="granted", decided_on=D(2024, 2, 20)
    )
    r["b2"] = _app(
        agency, "B02", "natural_person", D(2024, 3, 5), outcome="granted", decided_on=D(2024, 3, 25)
    )
    r["b3"] = _app(
        agency, "B03", "natural_person", D(2024, 4, 1), outcome="partially_granted", decided_on=D(2024, 4, 20),
        name="张三", id_number="110101198001010011", phone="13911112222", address="测试市和平路8号",
    )  # fmt: skip
    r["b4"] = _app(
        agency, "B04", "commercial", D(2024, 5, 6), outcome="refused_third_party", decided_on=D(2024, 5, 28)
    )
    r["b5"] = _app(
        agency, "B05", "natural_person", D(2024, 6, 3), status="withdrawn", outcome="other_misc",
        closed_on=D(2024, 6, 10),
    )  # fmt: skip
    r["b6"] = _app(
        agency, "B06", "natural_person", D(2024, 7, 1), status="closed", outcome="other_no_correction",
        closed_on=D(2024, 8, 15),
    )  # fmt: skip
    _event(r["b6"], "correction_requested", D(2024, 7, 3), end=D(2024, 7, 31))
    r["b7"] = _app(
        agency, "B07", "social_welfare", D(2024, 8, 1), status="closed", outcome="other_unpaid_fee",
        closed_on=D(2024, 9, 20),
    )  # fmt: skip
    _event(r["b7"], "fee_notice", D(2024, 8, 10), amount=300)
    r["b8"] = _app(agency, "B08", "commercial", D(2024, 9, 2), outcome="granted", decided_on=D(2024, 10, 10))
    _event(r["b8"], "fee_notice", D(2024, 9, 10), amount=1200)
    _event(r["b8"], "fee_paid", D(2024, 9, 20))
    r["b9"] = _app(
        agency, "B09", "natural_person", D(2024, 12, 10), outcome="granted", decided_on=D(2025, 1, 15)
    )
    _event(r["b9"], "extension", D(2024, 12, 30), days=20)
    r["b10"] = _app(
        agency, "B10", "other_org", D(2024, 11, 5), status="closed", outcome="not_processed_repeated",
        decided_on=D(2024, 11, 20), closed_on=D(2025, 1, 3),
    )  # fmt: skip
    r["b11"] = _app(
        agency,
        "B11",
        "natural_person",
        D(2024, 10, 8),
        outcome="unable_needs_creation",
        decided_on=D(2024, 10, 30),
    )
    # -- not in the 2024 report
    r["b12"] = _app(agency, "B12", "natural_person", D(2025, 1, 6))
    r["online"] = _app(agency, "ONL", "natural_person", None, status="submitted")
    other = AgencyFactory(name="测试市交通运输局", code="JT01")
    r["elsewhere"] = _app(
        other, "X01", "natural_person", D(2024, 5, 5), outcome="granted", decided_on=D(2024, 5, 9)
    )
    # -- 表四
    b4 = r["b4"]
    appeal = Appeal.objects.create
    r["r0"] = appeal(application=b4, agency=agency, kind="review", body="测试市人民政府", filed_on=D(2023, 12, 1),
                     stage="decided", outcome="corrected", decided_on=D(2024, 2, 1))  # fmt: skip
    r["r1"] = appeal(application=b4, agency=agency, kind="review", body="测试市人民政府", filed_on=D(2024, 3, 1),
                     stage="decided", outcome="upheld", decided_on=D(2024, 5, 1))  # fmt: skip
    r["r2"] = appeal(application=b4, agency=agency, kind="review", body="测试市人民政府", filed_on=D(2024, 11, 20),
                     stage="decided", outcome="corrected", decided_on=D(2025, 2, 1))  # fmt: skip
    r["s1"] = appeal(application=b4, agency=agency, kind="suit_direct", body="测试市人民法院",
                     filed_on=D(2024, 6, 1), stage="decided", outcome="other", decided_on=D(2024, 9, 1))  # fmt: skip
    r["s2"] = appeal(application=b4, agency=agency, kind="suit_after_review", body="测试市中级人民法院",
                     filed_on=D(2024, 6, 15), prior_review=r["r1"])  # fmt: skip
    r["old"] = appeal(application=r["a4"], agency=agency, kind="review", body="测试市人民政府",
                      filed_on=D(2022, 5, 1), stage="decided", outcome="upheld", decided_on=D(2022, 8, 1))  # fmt: skip
    # -- 表二
    doc = DisclosureFactory

    def d(issued: dt.date, **kw: Any) -> Any:
        return doc(agency=agency, year=issued.year, issued_on=issued, **kw)

    r["d1"] = d(D(2024, 3, 1), is_rule=True)
    r["d2"] = d(D(2020, 5, 1), is_rule=True, validity="repealed", validity_changed_on=D(2024, 6, 30))
    r["d3"] = d(D(2022, 1, 10), is_normative=True)
    r["d4"] = d(D(2024, 7, 1), is_normative=True)
    r["d5"] = d(D(2024, 8, 1), is_normative=True)
    r["d6"] = d(D(2021, 1, 1), is_normative=True, validity="expired", validity_changed_on=D(2023, 6, 30))
    r["d7"] = d(D(2019, 1, 1), is_normative=True, validity="repealed", validity_changed_on=D(2025, 3, 1))
    r["d8"] = d(D(2024, 4, 1))
    r["d9"] = d(D(2025, 1, 10), is_normative=True)
    for key, value in (
        ("licensing.decisions", "12"),
        ("penalty.decisions", "5"),
        ("coercion.decisions", "0"),
        ("fees.amount", "0.35"),
    ):
        AnnualFigure.objects.create(
            agency=agency, year=2024, key=key, value=Decimal(value), source="统计台账"
        )
    return r
