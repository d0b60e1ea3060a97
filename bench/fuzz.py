"""The long fuzz run: mutated fixture reports (see ``tests/fuzzing.py``) read and checked for ``--minutes``.

    uv run python bench/fuzz.py --minutes 10 [--seed 1] [--out fuzz-findings]

Prints how many cases ended in a report, in the one-line input error, or in an internal error, and the slowest
cases. Every internal error and every case over 2 s is saved under ``--out`` (the input, and a ``.txt`` saying
what happened, ``.outcome``; the case running now is always in ``current.input``) so it can become a
regression test. Exit code 1 if there was any.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzzing import SLOW_SECONDS, mutate, run_case


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    kinds: Counter[str] = Counter()
    slowest: list[tuple[float, str]] = []
    bad = 0
    end = time.monotonic() + 60 * args.minutes
    while time.monotonic() < end:
        name, data = mutate(rng)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "current.input").write_bytes(data)  # if a case hangs, it is here
        outcome = run_case(data, name)
        kinds[outcome.kind] += 1
        slowest = sorted([*slowest, (outcome.seconds, name)], reverse=True)[:5]
        if outcome.kind == "internal-error" or outcome.seconds > SLOW_SECONDS:
            bad += 1
            args.out.mkdir(parents=True, exist_ok=True)
            stem = hashlib.sha256(data).hexdigest()[:16]
            suffix = name.split(":")[0].rsplit(".", 1)[-1]
            (args.out / f"{stem}.{suffix}").write_bytes(data)
            (args.out / f"{stem}.outcome").write_text(
                f"{name}\n{outcome.kind} in {outcome.seconds:.2f} s\n{outcome.detail}\n", encoding="utf-8"
            )
            print(f"{outcome.kind} {outcome.seconds:.2f}s {name} -> {args.out / stem}", flush=True)
    total = sum(kinds.values())
    print(
        f"{total} cases in {args.minutes:g} min (seed {args.seed}): "
        + ", ".join(f"{k} {n}" for k, n in kinds.items())
    )
    print("slowest: " + "; ".join(f"{s:.2f} s {n}" for s, n in slowest))
    print(
        f"{bad} offending inputs (internal error or over {SLOW_SECONDS:g} s)"
        + (f" saved in {args.out}" if bad else "")
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
