"""Template, agency, year and title detection on the forms real titles take."""

from __future__ import annotations

import pytest

from gongkai.errors import NoReportFound, Pre2019Format
from gongkai.readers import read_bytes

TABLE3_2021 = "\n".join(
    f"{label}\t" + "\t".join(["0"] * 7)
    for label in [
        "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开", "（二）部分公开",
        "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
        "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
        "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确", "1.信访举报投诉类申请",
        "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计",
        "四、结转下年度继续办理",
    ]
)  # fmt: skip


def _read(head: str, body: str = TABLE3_2021) -> tuple[str | None, int | None, str | None, str]:
    r = read_bytes(f"{head}\n三、收到和处理政府信息公开申请情况\n{body}\n".encode(), name="t.txt").report
    return r.agency, r.year, r.title, r.template


@pytest.mark.parametrize(
    ("head", "agency", "year"),
    [
        ("某某市人民政府办公室2023年政府信息公开工作年度报告", "某某市人民政府办公室", 2023),
        ("2022年某某区人民政府政府信息公开工作年度报告", "某某区人民政府", 2022),
        ("某某县财政局 2021 年度政府信息公开工作年度报告", "某某县财政局", 2021),
        ("关于某某镇2024年度政府信息公开工作年度报告", "某某镇", 2024),
        ("某某市生态环境局\n2023年政府信息公开工作年度报告", "某某市生态环境局", 2023),
        ("标题：某某区教育局2022年政府信息公开工作年度报告", "某某区教育局", 2022),
    ],
)
def test_agency_and_year_from_the_title(head: str, agency: str, year: int) -> None:
    got_agency, got_year, title, template = _read(head)
    assert (got_agency, got_year, template) == (agency, year, "2021")
    assert title is not None and title.endswith("年度报告")


def test_year_from_the_statistical_period_when_the_title_has_none() -> None:
    head = "政府信息公开工作年度报告\n本报告所列数据的统计期限为2023年1月1日至2023年12月31日。"
    assert _read(head)[1] == 2023


def test_template_follows_the_printed_layout_not_the_year() -> None:
    # a 2021 report printed on the 2019 layout (a real error): read as 2019, so its keys are the printed ones
    body = TABLE3_2021.replace(
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）其他处理"
    )
    body += "\n第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n政府集中采购\t3\t12.5万元"
    _agency, year, _title, template = _read("某某局2021年政府信息公开工作年度报告\n本年新制作数量", body)
    assert (year, template) == (2021, "2019")


def test_pre_2019_report_is_refused_by_year() -> None:
    with pytest.raises(Pre2019Format):
        _read("某某市2017年政府信息公开工作年度报告")


def test_a_page_that_only_mentions_the_report_is_not_a_report() -> None:
    with pytest.raises(NoReportFound):
        read_bytes(
            "关于报送2023年政府信息公开工作年度报告的通知\n请各单位于1月31日前报送。\n".encode(), name="n.txt"
        )
