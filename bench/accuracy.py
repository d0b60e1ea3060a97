"""Cell-level accuracy of the readers over every fixture report that has an expected file.

    uv run python bench/accuracy.py [-v]

Prints one line per report (cells equal / cells compared, and agency/year/template agreement), then the total.
A report the readers cannot read yet counts all its cells as wrong and says why.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from gongkai.errors import InputError
from gongkai.model.compare import compare_cells
from gongkai.readers import read_report

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "reports"


def main() -> int:
    verbose = "-v" in sys.argv
    total = equal = 0
    for expected_path in sorted(ROOT.rglob("*.expected.json")):
        stem = expected_path.name.removesuffix(".expected.json")
        source = next(p for p in expected_path.parent.glob(stem + ".*") if not p.name.endswith(".json"))
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        n_cells = sum(
            len(cols) for t in ("proactive", "requests", "appeals") for cols in expected[t].values()
        )
        n_cells += len(expected.get("unrecoverable", {}) or {})
        try:
            report = read_report(source).report
        except InputError as exc:
            total += n_cells
            print(f"{source.name:40s}      0/{n_cells:<4d}   0.0%  not read: {exc.line()[:90]}")
            continue
        diff = compare_cells(report, expected)
        total += diff.total
        equal += diff.equal
        meta = "".join(
            "✓" if getattr(report, k) == expected.get(k) else "✗" for k in ("template", "year", "agency")
        )
        print(
            f"{source.name:40s} {diff.equal:6d}/{diff.total:<4d} {100 * diff.accuracy:5.1f}%  "
            f"template/year/agency {meta}"
        )
        if verbose:
            for path, want, got in diff.mismatches:
                print(f"    {path}: expected {want!r}, read {got!r}")
    print(f"{'TOTAL':40s} {equal:6d}/{total:<4d} {100 * equal / max(total, 1):5.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
