"""The HTML reader on the forms government sites publish: encodings, JS strings, navigation, Word markup."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gongkai.check import check_report
from gongkai.model.compare import compare_cells
from gongkai.readers import read_bytes

REPORTS = Path(__file__).parent.parent / "fixtures" / "reports"
SHANGHAI = REPORTS / "2019" / "2019-shanghai-govoffice.html"
EXPECTED = json.loads(
    (REPORTS / "2019" / "2019-shanghai-govoffice.expected.json").read_text(encoding="utf-8")
)


def _assert_shanghai(data: bytes) -> None:
    r = read_bytes(data, name="page.html").report
    assert (r.template, r.year, r.agency) == ("2019", 2019, "上海市人民政府办公厅")
    assert compare_cells(r, EXPECTED).mismatches == []


def _html() -> str:
    return SHANGHAI.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "meta",
    ['<meta charset="gb2312">', '<meta http-equiv="Content-Type" content="text/html; charset=GBK">', ""],
)
def test_gbk_pages_with_or_without_meta_charset(meta: str) -> None:
    page = f"<html><head>{meta}<title>年报</title></head><body>{_html()}</body></html>"
    _assert_shanghai(page.encode("gb18030"))


def test_page_inside_a_javascript_string() -> None:
    script = "var pageData = " + json.dumps({"id": 80576, "content": _html()}) + ";\nrender(pageData);\n"
    _assert_shanghai(script.encode("utf-8"))


def test_report_inside_a_page_full_of_navigation() -> None:
    nav = "".join(f"<li><a href='/x{i}'>栏目{i}</a></li>" for i in range(40))
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>2019年上海市人民政府办公厅政府信息公开工作年度报告_上海市人民政府</title>"
        "<script>var x = '<table><tr><td>1</td></tr></table>';</script><style>td{color:red}</style></head><body>"
        f"<div class='header'><ul>{nav}</ul></div><table><tr><td>首页</td><td>政务公开</td></tr></table>"
        f"<div class='main'><div class='article'>{_html()}</div></div>"
        "<div class='footer'><table><tr><td>主办：上海市人民政府办公厅</td><td>沪ICP备</td></tr></table></div></body></html>"
    )
    _assert_shanghai(page.encode("utf-8"))


def test_word_exported_markup_and_nbsp() -> None:
    def cell(v: str, extra: str = "") -> str:
        return (
            f"<td {extra} style='border:solid windowtext 1.0pt'><p class=MsoNormal align=center>"
            f"<span lang=EN-US style='font-family:仿宋_GB2312'>{v}<o:p></o:p></span></p></td>"
        )

    rows = [
        "<tr>" + cell("行政复议", "colspan=5") + cell("行政诉讼", "colspan=10") + "</tr>",
        "<tr>"
        + "".join(cell(x, "rowspan=2") for x in ("结果<br>维持", "结果纠正", "其他结果", "尚未审结", "总计"))
        + cell("未经复议直接起诉", "colspan=5")
        + cell("复议后起诉", "colspan=5")
        + "</tr>",
        "<tr>"
        + "".join(cell(x) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2)
        + "</tr>",
        "<tr>"
        + "".join(
            cell(x) for x in ("3", "1", "&nbsp;", "0", "4", "0", "0", "0", "1", "1", "0", "0", "0", "0", "0")
        )
        + "</tr>",
    ]
    html = _html()
    start = html.index("四、政府信息公开行政复议")
    end = html.index("<p>五、")
    page = (
        html[:start]
        + "四、政府信息公开行政复议、行政诉讼情况</p><table class=MsoNormalTable>"
        + "".join(rows)
        + "</table>"
        + html[end:]
    )
    r = read_bytes(page.encode(), name="word.html").report
    assert r.appeals.review.model_dump() == {
        "upheld": 3,
        "corrected": 1,
        "other": None,
        "pending": 0,
        "total": 4,
    }
    assert r.appeals.suit_direct.total == 1


def test_script_in_page_is_not_executed_or_read_as_text() -> None:
    page = _html().replace(
        "<p>六、其他需要报告的事项</p>",
        "<p>六、其他需要报告的事项</p><script>alert('x'); document.write('<p>注入</p>')</script>",
    )
    r = read_bytes(page.encode(), name="x.html").report
    assert r.sections.other == "无。"


HOSTILE = {
    "deeply-nested": b"<html><body>" + b"<div>" * 20000 + b"x" + b"</div>" * 20000 + b"</body></html>",
    "entity-expansion": (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        b"<html><body><p>&d;</p><table><tr><td>1</td></tr></table></body></html>"
    ),
    "external-entity": (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<html><body><p>&e;</p><div></div><table><tr><td>1</td></tr></table></body></html>"
    ),
    "many-tables": b"<html><body>"
    + b"<table><tr><td>1</td><td>2</td></tr></table>" * 20000
    + b"</body></html>",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_pages_end_in_one_clear_error(name: str) -> None:
    from gongkai.errors import InputError

    with pytest.raises(InputError) as info:
        read_bytes(HOSTILE[name], name=f"{name}.html")
    # 20,000 one-row tables are more rows than any report has (Limits.max_table_rows)
    error = (
        "超出读取上限：表格多于 1,000 行"
        if name == "many-tables"
        else "文件中没有找到政府信息公开工作年度报告"
    )
    assert info.value.line().startswith(f"{name}.html: {error}")
    assert "root:" not in info.value.line()  # nothing of /etc/passwd leaks


def test_external_entity_is_never_resolved() -> None:
    from gongkai.readers.html import read_html

    layout = read_html(HOSTILE["external-entity"].decode())
    text = " ".join(b.text for b in layout.blocks if hasattr(b, "text"))
    assert "root:" not in text


def test_empty_cell_across_the_five_organisation_columns_keeps_the_printed_numbers() -> None:
    """表三 printing 法人或其他组织's five columns as one empty cell in every row (a derived fixture): 自然人 and
    总计 are read; only the five blank columns are null, and only they are called blank (T304)."""
    base = Path(__file__).parent.parent / "fixtures" / "reports" / "2021" / "2024-pingtan-page-blank-orgs"
    result = read_bytes(base.with_suffix(".html").read_bytes())
    expected = json.loads(base.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert compare_cells(result.report, expected).mismatches == []
    assert result.report.get("requests.received.natural_person") == 217
    assert result.report.get("requests.received.total") == 218
    blank = [p for f in check_report(result.report, facts=result.facts) if f.code == "T304" for p in f.paths]
    assert blank and all(p.rsplit(".", 1)[1] in ORG_COLUMNS for p in blank)
    assert {p.rsplit(".", 1)[0] for p in blank} == {f"requests.{k}" for k in expected["requests"]}


ORG_COLUMNS = ("commercial", "research", "social_welfare", "legal_services", "other_org")


def test_a_cell_a_converter_dropped_is_taken_from_the_narrative_and_said_so() -> None:
    """表二's 行政规范性文件 row printing two numbers for three columns (the 62 dropped, as converters do):
    the narrative states 制发行政规范性文件62件, so 本年制发件数 is 62 and the note (F108) says where it came
    from; without such a statement the row stays unplaced (F103), as before."""
    from lxml import html as lxml_html

    page = Path(__file__).parent.parent / "fixtures" / "reports" / "2021" / "2024-pingtan-page.html"
    doc = lxml_html.fromstring(page.read_bytes())
    row = next(tr for tr in doc.iter("tr") if tr.text_content().strip().startswith("行政规范性文件"))
    dropped = next(td for td in row.findall("td") if td.text_content().strip() == "62")
    row.remove(dropped)
    result = read_bytes(lxml_html.tostring(doc, encoding="utf-8"))
    report = result.report
    assert [report.get(f"proactive.normative_documents.{c}") for c in ("issued", "repealed", "in_force")] == [
        62,
        33,
        440,
    ]
    notes = [n for n in result.facts.reading_notes if "规范性文件" in n]
    assert notes == [
        "表二：“行政规范性文件”一行只印了2个数（应为3个），“行政规范性文件·本年制发件数”按正文“制发行政规范性文件62件”"
        "填写，其余按顺序对应"
    ]
    assert any(
        "读取说明：表二" in f.message for f in check_report(report, facts=result.facts) if f.code == "F108"
    )
    text = lxml_html.tostring(doc, encoding="utf-8").replace(
        "制发行政规范性文件62件".encode(), "制发行政规范性文件".encode()
    )
    assert "proactive.normative_documents" in read_bytes(text).facts.unaligned_rows


@pytest.mark.parametrize(
    "crumb",
    [
        "首页 &gt; 政务公开 &gt; 年报",
        "当前位置：<a>首页</a> &gt; <a>政务公开</a> &gt; <a>政府信息公开年报</a>",
        "首页＞政务公开＞年报",
        "首页 » 政务公开 » 平潭综合实验区2024年度政府信息公开工作年度报告",  # the breadcrumb ends with the title
    ],
)
def test_a_breadcrumb_just_above_the_title_is_no_part_of_it(crumb: str) -> None:
    """The real page with its navigation cut, so its breadcrumb is the line right above the title: the agency
    was read as "首页>" (the title began with the breadcrumb)."""
    page = (REPORTS / "2021" / "2024-pingtan-page.html").read_text(encoding="utf-8")
    body = page.index(">", page.index("<body")) + 1
    page = page[:body] + page[page.index('<div class="breadcrumb">') :]
    page = re.sub(
        r'<div class="breadcrumb">.*?</div>',
        f'<div class="breadcrumb">{crumb}</div>',
        page,
        count=1,
        flags=re.S,
    )
    report = read_bytes(page.encode()).report
    assert report.title == "平潭综合实验区2024年度政府信息公开工作年度报告"
    assert report.agency == "平潭综合实验区"
