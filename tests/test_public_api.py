"""The front door: ``gongkai`` exports exactly its public API, and the engine runs without the web extra."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import gongkai

ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "reports" / "2019" / "2019-shanghai-govoffice.html"

PUBLIC = [
    "DocumentFacts",
    "Finding",
    "InputError",
    "ReadResult",
    "Report",
    "Severity",
    "__version__",
    "check_report",
    "clock",
    "decide_with_neighbours",
    "failing",
    # public since the watch of agency websites (issue 16): the web application fetches through it
    "fetch",
    "layout",
    "model",
    "read_bytes",
    "read_report",
    "render_report",
    "report_from_dict",
    "show_value",
    "supervise",
]


def test_the_public_api_is_exactly_this_list() -> None:
    assert gongkai.__all__ == PUBLIC
    for name in PUBLIC:
        assert getattr(gongkai, name) is not None, name
    assert sorted(dir(gongkai)) == sorted(PUBLIC)
    with pytest.raises(AttributeError):
        _ = gongkai.rule_by_code  # type: ignore[attr-defined]


def test_public_names_are_the_ones_the_engine_uses() -> None:
    from gongkai.checker.engine import failing
    from gongkai.render import render_report

    assert gongkai.failing is failing
    assert gongkai.render_report is render_report
    assert gongkai.Severity.ERROR.value == "error"


def test_django_is_only_in_the_web_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    web_only = (
        *("django", "psycopg", "dj-database-url", "django-axes", "waitress", "whitenoise", "celery"),
        "django-ninja",
    )
    assert not [d for d in project["dependencies"] if d.startswith(web_only)]
    assert sorted(d.split("==")[0].split("[")[0] for d in project["optional-dependencies"]["web"]) == sorted(
        web_only
    )


# Django and the other web dependencies made unimportable: the engine reads, checks, renders and runs the
# clock all the same (the documented check with a fresh venv is in docs/architecture.md).
WITHOUT_WEB = """
import importlib.abc, sys

class NoWeb(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("django", "psycopg", "dj_database_url", "gongkai_web"):
            raise ModuleNotFoundError(name)
        return None

sys.meta_path.insert(0, NoWeb())
import datetime as dt, gongkai
result = gongkai.read_report(sys.argv[1])
findings = gongkai.check_report(result.report, facts=result.facts)
assert gongkai.render_report(result.report, "docx")[:2] == b"PK"
due = gongkai.clock.default_calendar().add_workdays(dt.date(2024, 9, 27), 20)
print(result.report.agency, result.report.year, len(gongkai.failing(findings)), due.isoformat())
"""


@pytest.mark.slow
def test_the_engine_runs_without_django() -> None:
    out = subprocess.run(
        [sys.executable, "-c", WITHOUT_WEB, str(FIXTURE)], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["上海市人民政府办公厅", "2019", "0", "2024-10-30"]
