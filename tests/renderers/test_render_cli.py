"""``gongkai render``: writes the file, refuses with --strict, one Chinese line and exit 2 for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import docx
from typer.testing import CliRunner

import gongkai.cli.render  # noqa: F401  (registers the command until cli/__init__ imports it)
from gongkai.cli import _register, app
from strategies import valid_report

REPORTS = Path(__file__).parent.parent / "fixtures" / "reports"
PINGHU = REPORTS / "2019" / "2020-pinghu-emergency.txt"

_register()
runner = CliRunner()


def _json(tmp_path: Path, *, broken: bool = False) -> Path:
    report = valid_report("2021")
    if broken:
        report.set("requests.received.total", 99)
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report.to_json_dict(), ensure_ascii=False), encoding="utf-8")
    return path


def test_render_json_to_docx(tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    result = runner.invoke(app, ["render", str(_json(tmp_path)), "--to", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "测试局2022年度政府信息公开工作年度报告"
    assert len(document.tables) == 3


def test_render_a_published_text_report_to_text(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    result = runner.invoke(app, ["render", str(PINGHU), "--to", "txt", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("平湖市应急管理局 2020 年度政府信息公开工作年度报告\n")
    assert "\n行政许可\t133\t-24\t109\n" in text
    assert "\n政府集中采购\t16\t6776647.8（单位：元）\t\n" in text


def test_strict_refuses_a_report_with_errors(tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    path = _json(tmp_path, broken=True)
    result = runner.invoke(app, ["render", str(path), "--to", "html", "-o", str(out), "--strict"])
    assert result.exit_code == 2
    assert not out.exists()
    assert result.stderr.count("\n") == 1
    assert "严格模式下不生成文件" in result.stderr and "T301" in result.stderr
    # without --strict the same report is rendered
    result = runner.invoke(app, ["render", str(path), "--to", "html", "-o", str(out)])
    assert result.exit_code == 0 and out.exists()
    html = out.read_text(encoding="utf-8")
    assert "<title>测试局2022年度政府信息公开工作年度报告</title>" in html
    assert '<td headers="t3-rapp t3-rc6 t3-rreceived">99</td>' in html  # as given, its broken total too


def test_missing_input_and_bad_output_exit_2_with_one_line(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(tmp_path / "nope.json"), "--to", "md", "-o", str(tmp_path / "x")]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("文件无法读取：文件不存在。请检查文件路径")
    bad_out = tmp_path / "no-such-dir" / "out.md"
    result = runner.invoke(app, ["render", str(_json(tmp_path)), "--to", "md", "-o", str(bad_out)])
    assert result.exit_code == 2
    assert "无法写入输出文件" in result.stderr and result.stderr.count("\n") == 1


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(_json(tmp_path)), "--to", "rtf", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2
