"""`gongkai deadline` and `gongkai calendar`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import gongkai.cli.deadline  # noqa: F401  (registers the commands)
from gongkai.cli import app
from gongkai.clock import reset_default_calendar

runner = CliRunner()
CALENDARS = Path(__file__).parents[2] / "src" / "gongkai" / "clock" / "calendars"


@pytest.fixture(autouse=True)
def _isolated_user_calendar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_CALENDAR_DIR", str(tmp_path / "user-calendars"))
    reset_default_calendar()


def run_json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["deadline", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(("received", "due"), [("2024-09-27", "2024-10-30"), ("2025-01-24", "2025-02-27")])
def test_json_due_dates_from_the_issue(received: str, due: str) -> None:
    data = run_json("--received", received)
    assert data["due"] == due
    assert data["provisional"] is False
    assert isinstance(data["steps"], list) and data["steps"][0]["text"].startswith("第0日：")


def test_events_on_the_command_line() -> None:
    data = run_json(
        "--received", "2024-09-27", "--basis", "online",
        "--event", "consultation:2024-10-15:2024-10-21",
        "--event", "extended:2024-10-25:20:王主任",
        "--as-of", "2024-11-01",
    )  # fmt: skip
    assert data["due"] == "2024-12-03"
    assert (data["working_days_used"], data["working_days_left"]) == (18, 22)
    texts = [s["text"] for s in data["steps"]]  # type: ignore[union-attr]
    assert "2024-10-15至2024-10-21 征求第三方意见期间不计（4个工作日；第三十三条第二款）" in texts
    assert "2024-10-25 延长20个工作日，经王主任批准（第三十三条），共40个工作日" in texts


def test_correction_events_and_outcome() -> None:
    data = run_json(
        "--received",
        "2024-03-01",
        "--event",
        "correction-requested:2024-03-05:2024-03-20",
        "--as-of",
        "2024-03-25",
    )
    assert (data["due"], data["status"], data["outcome"]) == (
        None,
        "closed_no_correction",
        "other_no_correction",
    )


def test_provisional_in_2027() -> None:
    data = run_json("--received", "2026-12-10")
    assert (data["due"], data["provisional"], data["provisional_years"]) == ("2027-01-08", True, [2027])


def test_human_output() -> None:
    result = runner.invoke(app, ["deadline", "--received", "2024-09-27", "--as-of", "2024-10-10"])
    assert result.exit_code == 0
    assert "答复期限：2024-10-30（星期三）" in result.stdout
    assert "已用5个工作日，剩余15个工作日" in result.stdout
    assert "2024-09-29（星期日）为调休上班日，计入（第1个工作日）" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--received", "2024-13-01"], "错误：--received不是有效日期：“2024-13-01”"),
        (["--received", "2024-09-27", "--event", "holiday:2024-10-01"], "错误：未知的事件类型：“holiday”"),
        (
            ["--received", "2024-09-27", "--event", "extended:2024-10-1x"],
            "错误：事件 extended 的日期不是有效日期",
        ),
        (["--received", "2024-09-27", "--basis", "pigeon"], "错误：未知的收到方式：pigeon"),
        (["--received", "2024-09-27", "--format", "xml"], "错误：未知的输出格式：xml"),
        ([], "错误：缺少 --received"),
        (
            [
                "--received",
                "2024-09-27",
                "--event",
                "extended:2024-10-08:5",
                "--event",
                "extended:2024-10-09:5",
            ],
            "错误：申请办理事件有误：答复期限只能延长一次（第三十三条）",
        ),
    ],
)
def test_bad_input_exits_2_with_one_chinese_line(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["deadline", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message)
    assert "Traceback" not in result.stderr


def test_calendar_show_loaded_and_provisional_years() -> None:
    shown = runner.invoke(app, ["calendar", "show", "2026", "--format", "json"])
    assert shown.exit_code == 0
    data = json.loads(shown.stdout)
    assert data["provisional"] is False
    assert data["calendar"]["notice"]["number"] == "国办发明电〔2025〕7号"
    missing = runner.invoke(app, ["calendar", "show", "2027"])
    assert missing.exit_code == 0
    assert "2027年的国务院放假通知尚未载入（临时）" in missing.stdout


def test_calendar_import_validates_stores_and_recomputes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: 2030\nnotice: {number: x, date: 2029-11-01}\nholidays: []\n", encoding="utf-8")
    result = runner.invoke(app, ["calendar", "import", str(bad)])
    assert result.exit_code == 2
    assert "工作日历文件有误" in result.stderr and "通知文号格式不对" in result.stderr

    target = tmp_path / "cals"
    year_file = CALENDARS / "2026.yaml"
    checked = runner.invoke(app, ["calendar", "import", str(year_file), "--check"])
    assert checked.exit_code == 0 and checked.stdout.startswith(
        "校验通过：2026年（国办发明电〔2025〕7号（2025-11-04））"
    )
    imported = runner.invoke(app, ["calendar", "import", str(year_file), "--dir", str(target)])
    assert imported.exit_code == 0, imported.output
    assert (target / "2026.yaml").exists()
    again = runner.invoke(app, ["calendar", "import", str(year_file), "--dir", str(target)])
    assert again.exit_code == 2 and "--force" in again.stderr
