"""``gongkai fetch`` and ``gongkai discover`` against recorded sites on loopback."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gongkai.cli import _register, app
from recorded_sites import Published, Site, build, serve

_register()
runner = CliRunner()
AGENCY = "平潭综合实验区社会事业局"


def test_fetch_saves_and_reports_each_url(tmp_path: Path) -> None:
    site = Site("s")
    site.put("/r.docx", b"PK-not-really", "application/octet-stream")
    with serve([site]):
        result = runner.invoke(
            app,
            ["fetch", site.url("/r.docx"), site.url("/gone.html"), "-o", str(tmp_path), "--interval", "0"],
        )
    assert result.exit_code == 2
    assert "200\t13\t" in result.stdout and (tmp_path / "001-r.docx").read_bytes() == b"PK-not-really"
    assert "gone.html: HTTP 404" in result.stderr


def test_fetch_json_records_every_request() -> None:
    site = Site("s")
    site.put("/a.html", "<html>a</html>")
    with serve([site]):
        result = runner.invoke(app, ["fetch", site.url("/a.html"), "--format", "json", "--interval", "0"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["url"].rsplit("/", 1)[1], r["status"]) for r in records] == [
        ("robots.txt", 404),
        ("a.html", 200),
    ]
    assert records[1]["size"] == 14 and len(records[1]["sha256"]) == 64


def test_discover_lists_and_collects_the_years_report(tmp_path: Path) -> None:
    site = build("hanweb", Published(AGENCY, where="both", differ=True))
    with serve([site]):
        listed = runner.invoke(app, ["discover", site.column_url, "--year", "2024", "--interval", "0"])
        collected = runner.invoke(
            app,
            [
                "discover",
                site.column_url,
                "--year",
                "2024",
                "--collect",
                "-o",
                str(tmp_path),
                "--interval",
                "0",
            ],
        )
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines() == [
        f"2024\t2025-01-20\t{AGENCY}2024年政府信息公开工作年度报告\t{site.url('/art/2025/1/20/art_1400_5000.html')}"
    ]
    assert collected.exit_code == 0, collected.output
    assert "页面\t已读取" in collected.stdout and "附件\t已读取" in collected.stdout
    assert "页面与附件不一致" in collected.stdout
    assert len(list(tmp_path.iterdir())) == 2


def test_discover_of_a_missing_column_says_so() -> None:
    site = Site("gone")
    with serve([site]):
        result = runner.invoke(app, ["discover", site.url("/zfxxgk/zfxxgknb/"), "--year", "2024"])
    assert result.exit_code == 2 and "栏目无法访问：HTTP 404" in result.stderr
