"""The short fuzz run (derandomised, so every run tries the same cases): mutated fixture reports end in a
report or in the one-line input error, never an internal error. The long run is ``bench/fuzz.py``."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from fuzzing import MUTATIONS, mutate, run_case, seeds
from gongkai.cli import _register, app

runner = CliRunner()
_register()


def test_the_seeds_are_every_format() -> None:
    assert {name.rsplit(".", 1)[1] for name, _ in seeds()} == {"txt", "html", "pdf", "docx", "xlsx"}
    for name, data in seeds():
        assert run_case(data, name).kind == "report", name


@settings(max_examples=120, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_a_mutated_report_is_read_or_refused_in_one_line(rng: random.Random) -> None:
    name, data = mutate(rng)
    outcome = run_case(data, name)
    assert outcome.kind != "internal-error", f"{name}\n{outcome.detail}"


def test_the_command_line_on_mutated_reports(tmp_path: Path) -> None:
    """``gongkai parse`` and ``gongkai check``: exit 0, 1 or 2, an input error in one line, no traceback."""
    rng = random.Random(12)
    for k, mutation in enumerate(MUTATIONS):
        name, data = rng.choice(seeds())
        path = tmp_path / f"{k}-{name}"
        path.write_bytes(mutation(rng, data))
        for command in ("parse", "check"):
            result = runner.invoke(app, [command, str(path)])
            assert result.exit_code in (0, 1, 2), (mutation.__name__, command, result.output)
            assert "Traceback" not in result.output and "内部错误" not in result.output
            if result.exit_code == 2:
                assert len(result.stderr.strip().splitlines()) == 1, result.stderr
