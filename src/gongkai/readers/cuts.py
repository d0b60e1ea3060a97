"""Cutting one run of digits into a row's cells (``640020470`` → 64, 0, 0, 2, 0, 4, 70), in polynomial time.

A cut gives every cell a valid number (no leading zeros, at most one inner ``.``, a ``-`` only in front) of at
most ``max_len`` digits plus one, plus the run's remaining dots: the bounds of the first reader, kept so every
reading is the same. The search is dynamic programming over positions with the row's constraints applied as it
goes, never a walk over every cut:

* a position from which the rest cannot be cut into the remaining cells (too long, too short, leading zeros)
  is never entered (``_fits``, memoised per position and cell count);
* where every ``group`` cells the last is the sum of the others (表三: six applicant columns and 总计; 表四:
  four results and 总计), the group's 总计 is taken first — one of the few valid numbers that end where the
  group may end — and the cells before it are searched for that sum, leaving a branch as soon as the sum
  still wanted is below the least or above the most the remaining digits can make (``_bounds``);
* the readings from a group's start are memoised per position, so a later group is solved once.

So the work grows with the run's length times the readings that satisfy the row, not with the number of cuts.
Rows with more than :data:`MAX_READINGS` readings are not decided at all (every cell blank, with a note).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from gongkai.readers.limits import check_time

Number = int | float
Reading = tuple[Number, ...]
MAX_READINGS = 20_000
_PART = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


class TooManyReadings(Exception):
    """More readings of one run than :data:`MAX_READINGS`: the row cannot be decided from its digits."""


def valid_part(part: str) -> bool:
    """A number as a cell prints it: an optional ``-``, no leading zeros, at most one inner ``.``."""
    return _PART.fullmatch(part) is not None


def as_number(part: str) -> Number:
    return float(part) if "." in part else int(part)


def _too_long(run: str, k: int, max_len: int) -> bool:
    """No cut exists: each valid number holds at most one dot, so at most ``k`` dots in all, and then at most
    ``max_len + 1 + k`` characters each. Checked before any work (a 1 MB run of dots was quadratic)."""
    dots = run.count(".")
    return dots > k or len(run) > k * (max_len + 1 + dots)


class _Run:
    """The valid numbers starting at each position of one run (no spaces), shortest first."""

    def __init__(self, run: str, max_len: int) -> None:
        self.run = run
        self.n = len(run)
        dots = [0] * (self.n + 1)
        for i in range(self.n - 1, -1, -1):
            dots[i] = dots[i + 1] + (run[i] == ".")
        self.parts: list[list[tuple[int, Number]]] = []
        for pos in range(self.n):
            if pos % 1024 == 1023:
                check_time("拆分粘连的数字")
            here: list[tuple[int, Number]] = []
            for end in range(pos + 1, min(self.n, pos + max_len + dots[pos] + 1) + 1):
                head = run[pos:end]
                if "-" in head[1:] or run.startswith(".", end) or not valid_part(head):
                    continue
                here.append((end, as_number(head)))
            self.parts.append(here)
        self.parts.append([])
        self.fits = cache(self._fits)

    def _fits(self, pos: int, cells: int) -> bool:
        """Can ``run[pos:]`` be cut into exactly ``cells`` valid numbers?"""
        if cells == 0:
            return pos == self.n
        return any(self.fits(end, cells - 1) for end, _ in self.parts[pos])


class _Search:
    def __init__(self, run: _Run, k: int, group: int, cell_ok: Callable[[int, Number], bool] | None) -> None:
        self.r = run
        self.k = k
        self.group = group or 1
        self.cell_ok = cell_ok or (lambda _i, _x: True)
        self.memo: dict[tuple[int, int], list[tuple[tuple[int, ...], Reading]]] = {}
        self.bounds_memo: dict[int, dict[tuple[int, int], tuple[Number, Number] | None]] = {}
        self.steps = 0

    def tick(self) -> None:
        self.steps += 1
        if self.steps % 4096 == 0:
            check_time("拆分粘连的数字")

    def solve(self, pos: int, col: int) -> list[tuple[tuple[int, ...], Reading]]:
        """Every (cell lengths, reading) of ``run[pos:]`` from cell ``col`` on, ordered by the lengths."""
        key = (pos, col)
        if key in self.memo:
            return self.memo[key]
        out: list[tuple[tuple[int, ...], Reading]] = []
        if col == self.k:
            out = [((), ())] if pos == self.r.n else []
        else:
            size = min(self.group, self.k - col)
            heads = self._free(pos, col) if self.group == 1 else self._sum_group(pos, col, size)
            for lengths, values, end in sorted(heads, key=lambda h: h[0]):
                for rest_len, rest in self.solve(end, col + size):
                    out.append((lengths + rest_len, values + rest))
                    if len(out) > MAX_READINGS:
                        raise TooManyReadings
        self.memo[key] = out
        return out

    def _free(self, pos: int, col: int) -> Iterator[tuple[tuple[int, ...], Reading, int]]:
        for end, value in self.r.parts[pos]:
            self.tick()
            if self.cell_ok(col, value) and self.r.fits(end, self.k - col - 1):
                yield (end - pos,), (value,), end

    def _sum_group(self, pos: int, col: int, size: int) -> Iterator[tuple[tuple[int, ...], Reading, int]]:
        """Cuts of one group whose last cell (its 总计) is the sum of the others, all non-negative."""
        after = self.k - col - size
        for start in range(pos + size - 1, self.r.n):
            for end, total in self.r.parts[start]:
                self.tick()
                if total < 0 or not self.cell_ok(col + size - 1, total) or not self.r.fits(end, after):
                    continue
                for lengths, values in self._summing(pos, start, col, size - 1, total):
                    yield (*lengths, end - start), (*values, total), end

    def _bounds(self, stop: int) -> Callable[[int, int], tuple[Number, Number] | None]:
        """The least and most sum of ``cells`` non-negative numbers cut from ``run[pos:stop]``."""
        memo = self.bounds_memo.setdefault(stop, {})

        def bounds(pos: int, cells: int) -> tuple[Number, Number] | None:
            if (pos, cells) in memo:
                return memo[(pos, cells)]
            found: tuple[Number, Number] | None = None
            if cells == 0:
                found = (0, 0) if pos == stop else None
            else:
                for end, value in self.r.parts[pos]:
                    if end > stop or value < 0:
                        continue
                    rest = bounds(end, cells - 1)
                    if rest is not None:
                        lo, hi = value + rest[0], value + rest[1]
                        found = (lo, hi) if found is None else (min(found[0], lo), max(found[1], hi))
            memo[(pos, cells)] = found
            return found

        return bounds

    def _summing(
        self, pos: int, stop: int, col: int, cells: int, total: Number
    ) -> Iterator[tuple[tuple[int, ...], Reading]]:
        """Cuts of ``run[pos:stop]`` into ``cells`` non-negative numbers whose sum, added left to right as
        ``sum()`` adds them, equals ``total``."""
        bounds = self._bounds(stop)
        slack = 1e-6 * max(1.0, abs(total)) if isinstance(total, float) or "." in self.r.run else 0

        def walk(at: int, c: int, partial: Number) -> Iterator[tuple[tuple[int, ...], Reading]]:
            self.tick()
            if c == cells:
                if at == stop and partial == total:
                    yield (), ()
                return
            span = bounds(at, cells - c)
            if span is None or partial + span[0] > total + slack or partial + span[1] < total - slack:
                return
            for end, value in self.r.parts[at]:
                if end > stop or value < 0 or not self.cell_ok(col + c, value):
                    continue
                for lengths, values in walk(end, c + 1, partial + value):
                    yield (end - at, *lengths), (value, *values)

        return walk(pos, 0, 0)


def search(
    run: str,
    k: int,
    *,
    group: int = 0,
    cell_ok: Callable[[int, Number], bool] | None = None,
    max_len: int = 9,
) -> list[Reading]:
    """Every cut of ``run`` into ``k`` cells that passes ``cell_ok`` and, with ``group``, the group sums;
    in the order of the cells' lengths (shortest first, the first cell first). Raises
    :class:`TooManyReadings`."""
    if _too_long(run, k, max_len):
        return []
    r = _Run(run, max_len)
    if not r.fits(0, k):
        return []
    return [values for _lengths, values in _Search(r, k, group, cell_ok).solve(0, 0)]


def cuts(run: str, k: int, *, max_len: int = 9) -> Iterator[tuple[str, ...]]:
    """Every way to cut ``run`` (no spaces) into ``k`` valid numbers; ``-`` always starts a new number."""
    if _too_long(run, k, max_len):
        return
    r = _Run(run, max_len)

    def walk(pos: int, left: int) -> Iterator[tuple[str, ...]]:
        if left == 0:
            yield ()
            return
        for end, _ in r.parts[pos]:
            if r.fits(end, left - 1):
                for rest in walk(end, left - 1):
                    yield (run[pos:end], *rest)

    if r.fits(0, k):
        yield from walk(0, k)
