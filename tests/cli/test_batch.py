"""``gongkai batch``: many files in parallel processes, one JSON Lines record each, the exit-code contract of
``check``; a bad file is a refused record, never a crash."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

import gongkai
from gongkai.cli import _register, app

REPORTS = Path(__file__).parent.parent / "fixtures" / "reports"
FINANCE = REPORTS / "2019" / "2019-pingtan-finance-page.html"
SHANGHAI = REPORTS / "2019" / "2019-shanghai-govoffice.html"  # the published report draws warnings
HONGZE = REPORTS / "2021" / "2023-hongze-district.pdf"

_register()
runner = CliRunner()


def _records(stdout: str) -> dict[str, dict[str, object]]:
    return {Path(r["file"]).name: r for r in map(json.loads, stdout.splitlines())}


def test_a_directory_in_parallel_processes(tmp_path: Path) -> None:
    for src in (FINANCE, SHANGHAI, HONGZE):
        shutil.copy(src, tmp_path / src.name)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a docx")
    (tmp_path / "notes.bin").write_bytes(b"not a report suffix: not taken from a directory")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(tmp_path), "--jobs", "2", "-o", str(out)])
    assert result.exit_code == 2, result.output  # a file was unusable
    records = _records(out.read_text(encoding="utf-8"))
    assert sorted(records) == sorted(["broken.docx", FINANCE.name, SHANGHAI.name, HONGZE.name])
    broken = records["broken.docx"]
    assert broken["status"] == "refused" and "broken.docx" in str(broken["reason"])
    assert "broken.docx" in result.stderr
    hongze = records[HONGZE.name]
    assert (hongze["agency"], hongze["year"], hongze["template"]) == ("洪泽区人民政府", 2023, "2021")
    expected = gongkai.read_report(HONGZE).report.to_json_dict()
    assert hongze["tables"] == {k: expected[k] for k in ("proactive", "requests", "appeals")}
    shanghai = records[SHANGHAI.name]
    assert shanghai["status"] == "read_with_findings" and shanghai["findings"]["warning"] > 0  # type: ignore[index]
    assert shanghai["codes"]


def test_exit_codes_follow_check() -> None:
    clean = runner.invoke(app, ["batch", str(FINANCE), str(HONGZE), "-j", "1", "--fail-on", "never"])
    assert clean.exit_code == 0, clean.output
    assert len(clean.stdout.splitlines()) == 2
    assert runner.invoke(app, ["batch", str(FINANCE), str(SHANGHAI), "-j", "2"]).exit_code == 0  # errors only
    flagged = runner.invoke(app, ["batch", str(FINANCE), str(SHANGHAI), "-j", "2", "--fail-on", "warning"])
    assert flagged.exit_code == 1, flagged.output
    assert _records(flagged.stdout)[FINANCE.name]["status"] in ("read", "read_with_findings")
    nothing = runner.invoke(app, ["batch", str(REPORTS / "nowhere")])
    assert nothing.exit_code == 2
