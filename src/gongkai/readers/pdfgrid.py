"""Ruled tables from line segments: pure geometry, no PDF library.

Coordinates are top-down (y grows down the page), in PDF points. A table is a connected set of horizontal
and vertical rulings; its grid is every distinct x of a vertical ruling and y of a horizontal one. Two
neighbouring grid cells belong to one (merged) cell when no ruling separates them; the merged cells are what
the table prints.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

SNAP = 3.0  # rulings closer than this (points) are one ruling: double borders, stroke widths, rounding
MIN_LENGTH = 4.0


@dataclass(slots=True)
class Segment:
    """A horizontal (``at`` = y, ``lo``/``hi`` = x) or vertical (``at`` = x, ``lo``/``hi`` = y) ruling."""

    at: float
    lo: float
    hi: float


@dataclass(slots=True)
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    chars: list[Any] = field(default_factory=list)  # the reader's characters inside the cell


@dataclass(slots=True)
class Grid:
    xs: list[float]
    ys: list[float]
    cells: list[GridCell]
    owner: list[list[int]]  # owner[row][col] -> index into cells

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cell_at(self, x: float, y: float) -> GridCell | None:
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        c = min(max(bisect.bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        r = min(max(bisect.bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return self.cells[self.owner[r][c]]


def _merge(segments: list[Segment]) -> list[Segment]:
    """Snap rulings at (almost) the same position together and join overlapping or touching pieces."""
    out: list[Segment] = []
    segments = sorted(segments, key=lambda s: (s.at, s.lo))
    groups: list[list[Segment]] = []
    for s in segments:
        if groups and s.at - groups[-1][0].at <= SNAP / 2:
            groups[-1].append(s)
        else:
            groups.append([s])
    for group in groups:
        at = sum(s.at for s in group) / len(group)
        pieces = sorted(group, key=lambda s: s.lo)
        cur = Segment(at, pieces[0].lo, pieces[0].hi)
        for s in pieces[1:]:
            if s.lo <= cur.hi + SNAP:
                cur.hi = max(cur.hi, s.hi)
            else:
                out.append(cur)
                cur = Segment(at, s.lo, s.hi)
        out.append(cur)
    return [s for s in out if s.hi - s.lo >= MIN_LENGTH]


def _cluster(values: list[float]) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= SNAP:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _crosses(h: Segment, v: Segment) -> bool:
    return h.lo - SNAP <= v.at <= h.hi + SNAP and v.lo - SNAP <= h.at <= v.hi + SNAP


def find_grids(horizontal: list[Segment], vertical: list[Segment]) -> list[Grid]:
    """Every ruled table among the segments, top to bottom."""
    hs = _merge(horizontal)
    vs = _merge(vertical)
    n = len(hs)
    parent = list(range(n + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    vs_by_x = sorted(range(len(vs)), key=lambda j: vs[j].at)
    v_xs = [vs[j].at for j in vs_by_x]
    for i, h in enumerate(hs):
        lo = bisect.bisect_left(v_xs, h.lo - SNAP)
        hi = bisect.bisect_right(v_xs, h.hi + SNAP)
        for k in range(lo, hi):
            j = vs_by_x[k]
            if _crosses(h, vs[j]):
                a, b = find(i), find(n + j)
                if a != b:
                    parent[a] = b
    comps: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(hs):
        comps.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        comps.setdefault(find(n + j), ([], []))[1].append(v)
    grids = []
    for comp_h, comp_v in comps.values():
        if len(comp_h) < 2 or len(comp_v) < 2:
            continue
        grid = _grid(comp_h, comp_v)
        if grid is not None:
            grids.append(grid)
    grids.sort(key=lambda g: (g.ys[0], g.xs[0]))
    return grids


def _covers(segs: list[Segment], at: float, lo: float, hi: float) -> bool:
    """A ruling at ``at`` runs along most of [lo, hi]."""
    need = (hi - lo) * 0.6
    got = 0.0
    for s in segs:
        if abs(s.at - at) <= SNAP:
            got += max(0.0, min(hi, s.hi) - max(lo, s.lo))
    return got >= need


def _grid(hs: list[Segment], vs: list[Segment]) -> Grid | None:
    xs = _cluster([v.at for v in vs])
    ys = _cluster([h.at for h in hs])
    # an outer border left out (a table cut by a page break, an open-sided table): where the rulings end
    top, bottom = min(v.lo for v in vs), max(v.hi for v in vs)
    left, right = min(h.lo for h in hs), max(h.hi for h in hs)
    if top < ys[0] - 2 * SNAP:
        ys.insert(0, top)
    if bottom > ys[-1] + 2 * SNAP:
        ys.append(bottom)
    if left < xs[0] - 2 * SNAP:
        xs.insert(0, left)
    if right > xs[-1] + 2 * SNAP:
        xs.append(right)
    if len(xs) < 2 or len(ys) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covers(vs, xs[c + 1], ys[r], ys[r + 1]):
                union(r * nc + c, r * nc + c + 1)
            if r + 1 < nr and not _covers(hs, ys[r + 1], xs[c], xs[c + 1]):
                union(r * nc + c, (r + 1) * nc + c)
    boxes: dict[int, list[int]] = {}
    for r in range(nr):
        for c in range(nc):
            root = find(r * nc + c)
            box = boxes.get(root)
            if box is None:
                boxes[root] = [r, c, r, c]
            else:
                box[0], box[1] = min(box[0], r), min(box[1], c)
                box[2], box[3] = max(box[2], r), max(box[3], c)
    cells: list[GridCell] = []
    index: dict[int, int] = {}
    for root, (r0, c0, r1, c1) in sorted(boxes.items(), key=lambda kv: (kv[1][0], kv[1][1])):
        index[root] = len(cells)
        cells.append(GridCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
    owner = [[index[find(r * nc + c)] for c in range(nc)] for r in range(nr)]
    return Grid(xs=xs, ys=ys, cells=cells, owner=owner)
