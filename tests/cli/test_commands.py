"""The `gongkai` command: output, exit codes, and one clear line for every kind of bad input."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli import _register, app

REPORTS = Path(__file__).parent.parent / "fixtures" / "reports"
PINGHU = REPORTS / "2019" / "2020-pinghu-emergency.txt"
SHANGHAI = REPORTS / "2019" / "2019-shanghai-govoffice.html"

_register()
runner = CliRunner()


def test_parse_prints_the_json_form() -> None:
    result = runner.invoke(app, ["parse", str(PINGHU)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "gongkai.annual-report/1"
    assert list(data) == [
        "schema",
        "template",
        "agency",
        "year",
        "title",
        "sections",
        "proactive",
        "requests",
        "appeals",
        "source",
    ]
    assert data["proactive"]["procurement"] == {"projects": 16, "amount": 6776647.8, "amount_unit": "元"}
    assert data["source"]["reader"] == "text"


def test_parse_several_files_gives_json_lines_with_cells() -> None:
    result = runner.invoke(app, ["parse", "--cells", str(PINGHU), str(SHANGHAI)])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    second = json.loads(lines[1])
    assert second["agency"] == "上海市人民政府办公厅"
    assert second["cells"]["requests.received.total"]["text"] == "859"


def test_schema_is_generated_from_the_model() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$id"] == "gongkai.annual-report/1"
    assert {m["$ref"].rsplit("/", 1)[1] for m in schema["oneOf"]} == {"Report2019", "Report2021"}


def test_check_clean_reference_example_exits_0(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(PINGHU)])
    assert result.exit_code == 0, result.output
    assert " error " not in result.stdout


def test_check_json_and_fail_on_warning() -> None:
    result = runner.invoke(app, ["check", "--format", "json", "--fail-on", "warning", str(SHANGHAI)])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert (doc["agency"], doc["year"], doc["template"]) == ("上海市人民政府办公厅", 2019, "2019")
    codes = [f["code"] for f in doc["findings"]]
    assert {c: codes.count(c) for c in set(codes)} == {"T304": 23, "T402": 3, "N505": 2, "N507": 1}
    assert all(f["severity"] == "warning" for f in doc["findings"])  # warnings only: exit 1 is --fail-on's
    # the text's own figures against 表三 (the page says 258 and 265; its table sums to 275 and 337)
    n505 = [(f["found"], f["expected"]) for f in doc["findings"] if f["code"] == "N505"]
    assert n505 == [(258, 275), (265, 337)]


def test_check_reads_its_own_json_form(tmp_path: Path) -> None:
    out = runner.invoke(app, ["parse", str(PINGHU)]).stdout
    path = tmp_path / "r.json"
    path.write_text(out, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{path}: 未发现问题（平湖市应急管理局 2020 年度，2019 格式）"
    # the numbers come from the JSON: 本年新收 总计 changed from 0 to 1 in it breaks both identities of that row
    data = json.loads(out)
    assert data["requests"]["received"]["total"] == 0
    data["requests"]["received"]["total"] = 1
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    changed = runner.invoke(app, ["check", "--format", "json", str(path)])
    assert changed.exit_code == 1
    found = {f["code"]: (f["found"], f["expected"]) for f in json.loads(changed.stdout)["findings"]}
    assert found == {"T301": (0, 1), "T302": (1, 0), "N508": (1, 0)}


def _zip_bytes(tmp_path: Path) -> bytes:
    p = tmp_path / "x.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return p.read_bytes()


BAD_INPUTS = {
    "empty.txt": (b"", "文件为空"),
    "spaces.txt": (b"  \n\t \n", "文件为空"),
    "garbage.bin": (bytes(range(256)) * 40, "不支持的文件格式"),
    "report.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "文件已损坏：PDF 不完整"),
    "report.doc": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        "OLE 复合文档，但不是 Word、WPS 或 Excel 文档",
    ),
    "picture.png": (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "文件已损坏：PNG 图片无法解码"),
    "notice.txt": (
        "关于做好2024年政务公开工作的通知\n各单位：请按时报送材料。\n".encode(),
        "没有找到政府信息公开工作年度报告",
    ),
    "old.txt": (
        "某某市2017年政府信息公开工作年度报告\n一、概述\n二、主动公开政府信息的情况\n三、政府信息公开申请的办理情况\n"
        "四、政府信息公开的收费及减免情况\n".encode(),
        "2019年以前的旧格式",
    ),
    "bad.json": (b'{"schema": "gongkai.annual-report/1", "template": "2030"}', "报告 JSON 不符合"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
@pytest.mark.parametrize("command", ["parse", "check"])
def test_bad_input_is_one_line_exit_2(tmp_path: Path, name: str, command: str) -> None:
    data, reason = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(app, [command, str(path)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{path}: ")
    assert reason in lines[0]
    assert "Traceback" not in result.output


def test_broken_docx_and_foreign_zip_are_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    path.write_bytes(_zip_bytes(tmp_path))
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert f"{path}: 文件已损坏：word/document.xml 不是有效的 XML" in result.stderr
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("a.txt", "hello")
    result = runner.invoke(app, ["parse", str(other)])
    assert result.exit_code == 2
    assert (
        f"{other}: 不支持的文件格式：ZIP 压缩包，但不是 Word（.docx）或 Excel（.xlsx）文档" in result.stderr
    )


def test_missing_file_and_mixed_batch(tmp_path: Path) -> None:
    missing = tmp_path / "nope.html"
    result = runner.invoke(app, ["parse", str(PINGHU), str(missing)])
    assert result.exit_code == 2
    assert len(result.stdout.strip().splitlines()) == 1  # the good file is still printed
    assert f"{missing}: 文件无法读取：文件不存在" in result.stderr


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(b"<html><body>" + b"<p>x</p>" * 2000 + b"</body></html>")
    result = runner.invoke(app, ["parse", "--max-bytes", "1000", str(path)])
    assert result.exit_code == 2
    assert "文件过大" in result.stderr


STC = REPORTS / "2021" / "2024-shanghai-stc-converted.txt"


def _json_report(tmp_path: Path, source: Path, name: str, year: int, **changes: object) -> Path:
    data = json.loads(runner.invoke(app, ["parse", str(source)]).stdout)
    data["year"] = year
    for path, value in changes.items():
        table, row, col = path.split("__")
        data[table][row][col] = value
    out = tmp_path / name
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


def test_check_previous_year_carry_over(tmp_path: Path) -> None:
    """二、上年结转 must equal last year's 四、结转下年度 (T305): 2 vs 5 is reported with both numbers."""
    previous = _json_report(tmp_path, STC, "2023.json", 2023, requests__carried_forward__total=5)
    result = runner.invoke(app, ["check", "--format", "json", "--previous", str(previous), str(STC)])
    findings = json.loads(result.stdout)["findings"]
    t305 = [f for f in findings if f["code"] == "T305"]
    total = [f for f in t305 if f["paths"] == ["requests.carried_over.total"]]
    assert [(f["found"], f["expected"], f["message"]) for f in total] == [
        (
            2,
            5,
            "表三 “二、上年结转政府信息公开申请数量”（总计列）为 2，而上一年度报告“四、结转下年度继续办理”为 5",
        )
    ], findings


def test_accepted_finding_is_kept_with_its_reason_and_does_not_fail(tmp_path: Path) -> None:
    accept = tmp_path / "accepted.yaml"
    accept.write_text(
        "- {code: T304, path: requests.carried_forward.total, reason: 原件此格为 1，转换时丢失}\n"
        "- {code: F102, reason: 转换稿缺少第五部分标题，原件有}\n",
        encoding="utf-8",
    )
    plain = runner.invoke(app, ["check", "--fail-on", "warning", str(STC)])
    assert plain.exit_code == 1
    result = runner.invoke(app, ["check", "--fail-on", "warning", "--accept", str(accept), str(STC)])
    assert result.exit_code == 0, result.output
    assert "已接受：原件此格为 1，转换时丢失" in result.stdout


def test_bad_acceptance_file_is_one_line(tmp_path: Path) -> None:
    accept = tmp_path / "accepted.yaml"
    accept.write_text("- {path: x}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--accept", str(accept), str(STC)])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(accept) in result.stderr


def test_debug_says_where_each_tables_cells_came_from(tmp_path: Path) -> None:
    """Per table: cells read from the table, cut from run-together digits, taken from the narrative, blank."""
    result = runner.invoke(app, ["debug", str(STC)])
    assert result.exit_code == 0, result.output
    assert "表三：从表格读取 174 格，报告中空白 1 格（四、结转下年度继续办理·总计）" in result.output
    crawled = runner.invoke(app, ["debug", str(REPORTS / "2021" / "2022-pingtan-crawled.txt")]).output
    assert "表四：从表格读取 0 格，从粘连的数字拆分 15 格，报告中空白 0 格" in crawled
    page = (REPORTS / "2021" / "2024-pingtan-page.html").read_bytes()
    dropped = re.sub(rb'<td[^>]*><p style="text-indent: 0em;">62</p></td>', b"", page)
    assert len(dropped) < len(page)
    path = tmp_path / "dropped.html"
    path.write_bytes(dropped)
    out = runner.invoke(app, ["debug", str(path)]).output
    line = "表二：从表格读取 9 格，按正文填写 1 格（行政规范性文件·本年制发件数），报告中空白 0 格"
    assert line in out
    # the same note from `gongkai parse --note`, on stderr beside the JSON
    parsed = runner.invoke(app, ["parse", "--note", str(path)])
    assert parsed.exit_code == 0
    assert f"{path}: {line}" in parsed.stderr
    assert f"{path}: 表四：从表格读取 15 格，报告中空白 0 格" in parsed.stderr
    assert "表二" not in parsed.stdout  # the JSON is unchanged


def test_debug_names_the_cells_not_read_for_certain() -> None:
    """Cells left blank because several readings remain are not "blank in the report"."""
    out = runner.invoke(app, ["debug", str(REPORTS / "2021" / "2025-pingtan-crawled.txt")]).output
    assert (
        "表二：从表格读取 0 格，从粘连的数字拆分 7 格，报告中空白 0 格，未能确定、留空 3 格（行政规范性文件·本年制发件数、"
        "行政规范性文件·本年废止件数、行政规范性文件·现行有效件数）" in out
    )
    blank = runner.invoke(app, ["debug", str(REPORTS / "2021" / "2024-pingtan-page-blank-orgs.html")]).output
    assert "表三：从表格读取 50 格，报告中空白 125 格（一、本年新收政府信息公开申请数量·商业企业、" in blank
    assert "等 125 格）" in blank
