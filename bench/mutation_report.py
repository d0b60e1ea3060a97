"""The mutation score per module from mutmut's results (``mutants/**/*.meta``), as a Markdown table.

    uv run python bench/mutation_report.py
    uv run python bench/mutation_report.py --sample 40     # names of 40 mutants not run yet, per module group
    uv run python bench/mutation_report.py --names FILE    # the table over the mutants named in FILE only

Killed = a test failed (or the mutant timed out: an endless loop is caught); survived = every test passed;
not run = not tried yet (a run scoped to other modules, or stopped). Score = killed / (killed + survived),
over the mutants that ran; a module is complete when none is left not run.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

MUTANTS = Path(__file__).resolve().parent.parent / "mutants" / "src"
# mutmut's own statuses; a timeout (the mutant made a loop endless) counts as killed
COLUMN = {"killed": "killed", "timeout": "killed", "survived": "survived", "no tests": "no test"}


def group(module: str) -> str:
    """The groups of issue 18: each clock module, the rules together, runs.py, fill.py, tables.py."""
    return "gongkai/rules" if module.startswith("gongkai/rules/") else module


def sample(n: int) -> list[str]:
    """Up to ``n`` mutants not run yet from each group, drawn with a fixed seed (the same list every time)."""
    by_group: dict[str, list[str]] = {}
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
        name = group(str(meta.relative_to(MUTANTS)).removesuffix(".py.meta"))
        by_group.setdefault(name, []).extend(sorted(k for k, v in codes.items() if v is None))
    out = []
    for name, keys in sorted(by_group.items()):
        out += random.Random(name).sample(keys, min(n, len(keys)))
    return out


def main() -> None:
    if sys.argv[1:2] == ["--sample"]:
        print("\n".join(sample(int(sys.argv[2]))))
        return
    # a score over a drawn sample: only the mutants named in the file (one a line) are counted
    names = None
    if sys.argv[1:2] == ["--names"]:
        names = set(Path(sys.argv[2]).read_text(encoding="utf-8").split())
    rows = []
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
        if names is not None:
            codes = {k: v for k, v in codes.items() if k in names}
        if not codes:
            continue
        c: Counter[str] = Counter()
        for code in codes.values():
            status = "not run" if code is None else status_by_exit_code[code]
            c[COLUMN.get(status, status)] += 1
        rows.append((str(meta.relative_to(MUTANTS)).removesuffix(".meta"), len(codes), c))
    groups: dict[str, tuple[int, Counter[str]]] = {}
    for name, n, c in rows:
        g = group(name.removesuffix(".py"))
        total, counts = groups.get(g, (0, Counter()))
        groups[g] = (total + n, counts + c)
    _table("group", [(g, n, c) for g, (n, c) in groups.items()])
    print()
    _table("module", rows)


def _table(what: str, rows: list[tuple[str, int, Counter[str]]]) -> None:
    print(f"| {what} | mutants | killed | survived | no test | not run | other | score |")
    print("|---|---|---|---|---|---|---|---|")
    for name, n, c in rows:
        ran = c["killed"] + c["survived"]
        score = f"{100 * c['killed'] / ran:.1f} %" if ran else "—"
        other = n - c["killed"] - c["survived"] - c["no test"] - c["not run"]
        cells = f"{c['killed']} | {c['survived']} | {c['no test']} | {c['not run']} | {other}"
        print(f"| {name} | {n} | {cells} | {score} |")


if __name__ == "__main__":
    main()
