"""The embedded SQLite database under concurrent writes gives the same answers as PostgreSQL: one stale-form
409 per losing post, never an HTTP 500 "database is locked" (immediate transactions with a busy timeout)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("sqlite_race.py")


def _race(tmp_path: Path, mode: str) -> list[int]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env["GONGKAI_DATA_DIR"] = str(tmp_path / "data")
    env["PYTHONPATH"] = str(SCRIPT.parents[1])
    result = subprocess.run(
        [sys.executable, str(SCRIPT), mode], env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return list(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.slow
def test_eight_posts_on_one_application_give_one_success_and_seven_409s(tmp_path: Path) -> None:
    assert _race(tmp_path, "same") == [302] + [409] * 7


@pytest.mark.slow
def test_eight_posts_on_eight_applications_all_succeed(tmp_path: Path) -> None:
    assert _race(tmp_path, "different") == [302] * 8
