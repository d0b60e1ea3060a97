"""``gongkai export``: a folder of reports read in parallel into one table (CSV, XLSX, Parquet) that reads back
cell for cell as the reports themselves read; a bad file is one line on stderr and exit 2, the rest still written."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import gongkai
from gongkai.cli import _register, app
from gongkai.supervise import COLUMNS, INDICATOR_KEYS

REPORTS = Path(__file__).parent.parent / "fixtures" / "reports"
FINANCE = REPORTS / "2019" / "2019-pingtan-finance-page.html"
SHANGHAI = REPORTS / "2019" / "2019-shanghai-govoffice.html"  # draws warnings
HONGZE = REPORTS / "2021" / "2023-hongze-district.pdf"

_register()
runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "reports"
    src.mkdir()
    for f in (FINANCE, SHANGHAI, HONGZE):
        shutil.copy(f, src / f.name)
    return src


def _expected_cells(path: Path) -> dict[str, object]:
    report = gongkai.read_report(path).report
    return {p: v for p, v in report.iter_cells() if not isinstance(v, str)}


def test_parquet_round_trip(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "data.parquet"
    result = runner.invoke(app, ["export", str(folder), "--to", "parquet", "-o", str(out), "-j", "2"])
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.column_names == list(COLUMNS)
    rows = table.to_pylist()
    assert {(r["agency"], r["year"]) for r in rows} == {
        ("平潭综合实验区财政金融局", 2019),
        ("上海市人民政府办公厅", 2019),
        ("洪泽区人民政府", 2023),
    }
    hongze = {r["key"]: r["value"] for r in rows if r["agency"] == "洪泽区人民政府" and r["record"] == "cell"}
    assert hongze == _expected_cells(HONGZE)  # every cell, blanks as null (never 0)
    shanghai = [r for r in rows if r["agency"] == "上海市人民政府办公厅"]
    findings = [r for r in shanghai if r["record"] == "finding"]
    expected = [f for f in gongkai.check_report(gongkai.read_report(SHANGHAI).report) if not f.accepted]
    assert sorted((r["code"], r["severity"]) for r in findings) == sorted(
        (f.code, f.severity.value) for f in expected
    )
    # a cell a finding names carries the finding's code
    named = {p for f in expected for p in f.paths if p.split(".")[0] in ("proactive", "requests", "appeals")}
    if named:
        path = sorted(named)[0]
        cell = next(r for r in shanghai if r["record"] == "cell" and r["key"] == path)
        assert cell["code"]
    # spec §4's indicators, one row each: 洪泽区 2023 received 21, granted 0 + partly 4 of 21 handled, and
    # had no review or suit (a rate over 0 is undefined: no value, never 0 %)
    ind = {r["key"]: r for r in rows if r["agency"] == "洪泽区人民政府" and r["record"] == "indicator"}
    assert list(ind) == list(INDICATOR_KEYS)
    assert ind["applications"]["value"] == 21
    assert ind["disclosure_rate"]["value"] == pytest.approx(4 / 21)
    assert ind["disclosure_rate"]["message"] == "4/21"
    assert ind["dispute_rate"]["value"] == 0  # 0 of 21: a real 0 %
    assert ind["review_correction_rate"]["value"] is None
    assert ind["review_correction_rate"]["message"] == "分母为0，复议纠错率无定义"


def test_csv_and_xlsx_hold_the_same_rows(folder: Path, tmp_path: Path) -> None:
    pq_out, csv_out, xlsx_out = tmp_path / "d.parquet", tmp_path / "d.csv", tmp_path / "d.xlsx"
    for fmt, out in (("parquet", pq_out), ("csv", csv_out), ("xlsx", xlsx_out)):
        result = runner.invoke(app, ["export", str(folder), "--to", fmt, "-o", str(out), "-j", "1"])
        assert result.exit_code == 0, result.output
    n = pq.read_table(pq_out).num_rows
    with csv_out.open(encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f))
    assert lines[0] == list(COLUMNS) and len(lines) == n + 1
    book = load_workbook(xlsx_out, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert list(rows[0]) == list(COLUMNS) and len(rows) == n + 1
    as_text = [["" if v is None else str(v) for v in r] for r in rows[1:]]
    assert as_text == lines[1:]  # the same rows, value for value


def test_an_unreadable_file_is_named_and_the_rest_written(folder: Path, tmp_path: Path) -> None:
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a docx")
    out = tmp_path / "d.parquet"
    result = runner.invoke(app, ["export", str(folder), "-o", str(out)])
    assert result.exit_code == 2
    assert "broken.docx" in result.stderr
    assert len({r["agency"] for r in pq.read_table(out).to_pylist()}) == 3


def test_bad_arguments_are_one_clear_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(FINANCE), "--to", "sav", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "不支持的格式" in result.stderr
    result = runner.invoke(app, ["export", str(FINANCE), "--to", "csv"])
    assert result.exit_code == 2 and "-o" in result.stderr


SEED_AND_EXPORT = """
import json, sys
from gongkai.cli.serve import setup_django
setup_django()
from gongkai_web.agencies.models import Agency
from gongkai_web.supervision.models import CollectedReport, CollectedVersion
data = json.loads(sys.argv[1])
agency = Agency.objects.create(name="洪泽区人民政府", code="HZ00", kind="government")
report = CollectedReport.objects.create(agency=agency, year=2023)
from gongkai import check_report, report_from_dict
checks = [f.to_dict() for f in check_report(report_from_dict(data))]  # as the intake stores them
CollectedVersion.objects.create(report=report, number=1, content_hash="x", template="2021", data=data,
                                checks=checks, source_name="hongze.pdf")
from gongkai.cli import main
sys.argv = ["gongkai", "export", "--database", "--to", "parquet", "-o", sys.argv[2]]
main()
"""


@pytest.mark.slow
def test_the_database_export(tmp_path: Path) -> None:
    """``--database``: the web application's collected reports (its own settings and data folder), with the
    findings the intake stored on each (``checks``) and the indicators."""
    import json
    import os
    import subprocess
    import sys

    report = gongkai.read_report(HONGZE).report
    out = tmp_path / "db.parquet"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGKAI_", "DATABASE_URL"))}
    env["GONGKAI_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-c", SEED_AND_EXPORT, json.dumps(report.to_json_dict()), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = pq.read_table(out).to_pylist()
    cells = {r["key"]: r["value"] for r in rows if r["record"] == "cell"}
    assert cells == _expected_cells(HONGZE)
    assert {r["agency"] for r in rows} == {"洪泽区人民政府"}
    expected = sorted(f.code for f in gongkai.check_report(report) if not f.accepted)
    assert sorted(r["code"] for r in rows if r["record"] == "finding") == expected
    assert {r["key"]: r["value"] for r in rows if r["record"] == "indicator"}["applications"] == 21
