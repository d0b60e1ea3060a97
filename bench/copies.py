"""Benchmark: copy detection (``gongkai.supervise.find_copies``) over 5,000 reports' sections 一 and 五.

Inputs (fixed by ``--seed``): the real section 一 and 五 texts of the fixture reports (read once with
``gongkai.read_report``) are cut into sentences; each generated report (``--agencies`` agencies × ``--years``
years) gets its own 一 and 五 made of sentences drawn from that pool, every sentence mutated (its figures
changed, ~12 % of its characters replaced), so unrelated reports share stock wording but are not copies. Then
``--planted`` copied pairs are planted, half an agency's text copied into its next year's report, half one
agency's text copied into another agency's report of the same year, each copy edited at one of four levels
(new figures only; + 1 sentence rewritten; + 2 sentences rewritten and 3 % of characters replaced; + 3
sentences rewritten and 6 % replaced).

Prints: the time of ``find_copies`` over all reports (MinHash + LSH candidates, then the exact comparison of
the candidates), the candidate stage's recall of the planted pairs (all of them, and those whose exact
similarity reaches the threshold), the pairs reported, and two baselines measured in the same run:

- a plain loop over the same texts that only normalises them (``normalize_for_copies``: a floor, the cost
  of touching every character once);
- reading reports: ``gongkai.read_bytes`` of the fixture reports (every format; ``--read-rounds`` passes),
  the mean time per report scaled to the benchmark's report count (the reports themselves are texts, not
  files, so their reading time is this estimate, and the script says so).

    uv run python bench/copies.py                 # 1,000 agencies × 5 years = 5,000 reports
    uv run python bench/copies.py --agencies 200  # quicker
"""

from __future__ import annotations

import argparse
import contextlib
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import gongkai
from gongkai.similarity import CopyConfig, candidate_pairs, compare_texts, normalize_for_copies
from gongkai.supervise import COPY_SECTIONS, CopySource, find_copies

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "reports"
SENTENCE = re.compile(r"[^。；;！!？?]+[。；;！!？?]?")
SUFFIXES = (".txt", ".html", ".pdf", ".docx", ".xlsx")


def fixture_files() -> list[Path]:
    return sorted(p for p in FIXTURES.glob("*/*") if p.suffix in SUFFIXES)


def sentence_pool() -> tuple[dict[str, list[str]], str]:
    """Real sentences of sections 一 and 五 of every fixture report, and the characters they use."""
    pool: dict[str, set[str]] = {k: set() for k in COPY_SECTIONS}
    for path in fixture_files():
        try:
            report = gongkai.read_report(path).report
        except gongkai.InputError:
            continue
        for key in COPY_SECTIONS:
            for s in SENTENCE.findall(getattr(report.sections, key) or ""):
                if len(s) >= 8:
                    pool[key].add(s)
    chars = sorted({c for sents in pool.values() for s in sents for c in s if "\u4e00" <= c <= "\u9fff"})
    return {k: sorted(v) for k, v in pool.items()}, "".join(chars)


def mutate(sentence: str, rng: random.Random, chars: str, rate: float) -> str:
    out = []
    for c in sentence:
        if c.isdigit():
            out.append(str(rng.randrange(10)))
        elif rng.random() < rate:
            out.append(rng.choice(chars))
        else:
            out.append(c)
    return "".join(out)


def make_text(key: str, pool: dict[str, list[str]], rng: random.Random, chars: str) -> list[str]:
    n = rng.randint(8, 18) if key == "overview" else rng.randint(4, 9)
    return [mutate(s, rng, chars, 0.12) for s in rng.sample(pool[key], min(n, len(pool[key])))]


def edit_copy(sentences: list[str], level: int, rng: random.Random, chars: str, fresh: list[str]) -> str:
    out = [re.sub(r"\d", lambda _: str(rng.randrange(10)), s) for s in sentences]
    for _ in range(level):
        out[rng.randrange(len(out))] = mutate(rng.choice(fresh), rng, chars, 0.12)
    rate = (0.0, 0.0, 0.03, 0.06)[level]
    return "".join(mutate(s, rng, chars, rate) if rate else s for s in out)


class Timer:
    """Wall-clock and this process's CPU time of a block (the machine is shared: CPU time is the steadier)."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--agencies", type=int, default=1000)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--planted", type=int, default=200)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--read-rounds", type=int, default=2)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    config = CopyConfig.default()

    pool, chars = sentence_pool()
    years = list(range(2025 - args.years + 1, 2026))
    texts: dict[tuple[int, int], dict[str, list[str]]] = {
        (a, y): {k: make_text(k, pool, rng, chars) for k in COPY_SECTIONS}
        for a in range(args.agencies)
        for y in years
    }
    joined = {ay: {k: "".join(v) for k, v in secs.items()} for ay, secs in texts.items()}
    planted: dict[tuple[str, str, str], int] = {}  # (section, earlier key, later key) → edit level
    used: set[tuple[int, int]] = set()
    while len(planted) < args.planted:
        key = rng.choice(COPY_SECTIONS)
        a, y = rng.randrange(args.agencies), rng.choice(years[:-1])
        if len(planted) % 2 == 0:  # the same agency's next year
            src, dst = (a, y), (a, y + 1)
        else:  # another agency, the same year
            src, dst = (a, y), (rng.randrange(args.agencies), y)
        if src == dst or dst in used or src in used:
            continue  # every report in at most one planted pair, so no copy overwrites another's source
        used |= {src, dst}
        level = len(planted) % 4
        joined[dst][key] = edit_copy(texts[src][key], level, rng, chars, pool[key])
        first, second = sorted((src, dst), key=lambda ay: (ay[1], f"r{ay[0]}-{ay[1]}"))
        planted[(key, f"r{first[0]}-{first[1]}", f"r{second[0]}-{second[1]}")] = level
    sources = [CopySource(f"r{a}-{y}", f"agency-{a}", y, joined[(a, y)]) for (a, y) in joined]
    n_reports = len(sources)

    with Timer() as t_loop:
        for s in sources:
            for text in s.sections.values():
                normalize_for_copies(text)

    files = fixture_files()
    blobs = [(p.name, p.read_bytes()) for p in files]
    reads = 0
    with Timer() as t_read:
        for _ in range(args.read_rounds):
            for name, data in blobs:
                with contextlib.suppress(gongkai.InputError):
                    gongkai.read_bytes(data, name=name)
                reads += 1

    with Timer() as t_find:
        pairs = find_copies(sources, config)

    # the candidate stage alone, to measure its recall (the planted pairs it hands to the exact comparison)
    candidates: set[tuple[str, str, str]] = set()
    with Timer() as t_cand:
        for key in COPY_SECTIONS:
            cands = candidate_pairs({s.key: s.sections[key] for s in sources}, config)
            candidates |= {(key, *sorted(p, key=lambda k: (int(k.rsplit("-", 1)[1]), k))) for p in cands}
    by_key = {s.key: s for s in sources}
    exact = {
        p: compare_texts(by_key[a].sections[k], by_key[b].sections[k], config)
        for p in planted
        for k, a, b in [p]
    }
    above = {p for p, m in exact.items() if m.similarity >= config.threshold}
    reported = {(p.section, p.a, p.b) for p in pairs}

    print(f"reports: {n_reports} ({args.agencies} agencies × {args.years} years), sections 一 and 五 each")
    print(
        f"config: threshold {config.threshold}, candidate Jaccard {config.candidate_jaccard}, "
        f"{config.shingle}-char shingles, {config.num_perm} permutations"
    )
    print(f"find_copies: {t_find} ({t_find.cpu / n_reports * 1000:.2f} ms CPU per report)")
    print(f"  candidate stage alone (MinHash + LSH, both sections): {t_cand}; {len(candidates)} candidates")
    for level in range(4):
        group = [p for p, lv in planted.items() if lv == level]
        found = sum(p in candidates for p in group)
        sims = sorted(exact[p].similarity for p in group)
        print(
            f"  planted, edit level {level}: {found}/{len(group)} among candidates; "
            f"exact similarity {sims[0]:.2f}–{sims[-1]:.2f}"
        )
    print(f"recall (candidates ⊇ planted): {sum(p in candidates for p in planted)}/{len(planted)}")
    print(f"recall of planted pairs at or above the threshold: reported {len(above & reported)}/{len(above)}")
    print(f"pairs reported: {len(pairs)} ({len(reported - set(planted))} not planted)")
    print(
        f"baseline 1, a plain loop normalising the same texts: {t_loop} → "
        f"find_copies / loop = {t_find.cpu / t_loop.cpu:.1f}× (CPU)"
    )
    per_read = t_read.cpu / reads
    read_all = per_read * n_reports
    print(
        f"baseline 2, gongkai.read_bytes of the fixture reports: {t_read} for {reads} reads of {len(blobs)} "
        f"fixtures = {per_read * 1000:.1f} ms CPU per report → {read_all:.0f} s CPU for {n_reports} reports "
        f"(estimate) → find_copies / reading = {t_find.cpu / read_all:.3f} (CPU)"
    )


if __name__ == "__main__":
    main()
