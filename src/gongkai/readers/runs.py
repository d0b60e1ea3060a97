"""Tables whose cells ran together: crawled text (``get_text()`` on a table) prints a row as one digit run,
``一、本年新收政府信息公开申请数量640020470`` (= 64, 0, 0, 2, 0, 4, 70).

The cells are recovered by constraint solving over the whole table, never by guessing:

1. the labels are found in template order, and each row's run is the digits between its label and the next;
2. the cuts of a run into the row's cells (no leading zeros, a ``-`` starts a negative number) that satisfy
   the row's own arithmetic (six applicant columns sum to 总计; a 表四 group's four results sum to its 总计)
   are found by dynamic programming over the run's positions (:mod:`gongkai.readers.cuts`);
3. the remaining readings of all rows are combined and kept only if the columns satisfy 一 + 二 =
   （七） + 四 and （七） = the sum of the outcome rows, and the numbers the text itself states
   (现行有效规范性文件 698 件);
4. a cell whose value differs between the surviving readings stays ``None`` and its candidates are reported.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from gongkai.catalog import Catalog, Label
from gongkai.catalog.normalize import normalize
from gongkai.model.report import APPEAL_COLUMNS, REQUEST_COLUMNS
from gongkai.readers.cuts import MAX_READINGS, TooManyReadings, as_number, cuts, search, valid_part
from gongkai.readers.limits import check_time

Reading = tuple[float, ...]
MAX_COMBINATIONS = 200_000
_COUNT_UNIT = "[笔件个项条]"  # "2笔 984361元": a count's unit between cells is a separator
_RUN = re.compile(rf"(?:[\s0-9.\-+]|{_COUNT_UNIT}(?![\u4e00-\u9fff]{{2}}))*")
_UNIT_WORDS = re.compile(_COUNT_UNIT)
_NUMERALS = "一二三四五六七八九十"


@dataclass
class RunResult:
    values: dict[str, float | None] = field(default_factory=dict)
    ambiguous: dict[str, list[float]] = field(default_factory=dict)
    # row path -> the readings still open for that row, each as column -> value (for reading with neighbours)
    ambiguous_rows: dict[str, list[dict[str, int | float]]] = field(default_factory=dict)
    rows_found: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables_found: list[str] = field(default_factory=list)
    unit: str | None = None  # the procurement amount's unit, where printed


# ---- finding labels in the text ---------------------------------------------------------


def _char_pattern(ch: str) -> str:
    if ch in ",、，":
        return "[,、，]?"
    if ch in "“”\"'‘’":
        return "[“”\"'‘’]?"
    if ch.isspace():
        return ""
    return re.escape(ch)


def _number_pattern(number: str) -> str:
    n = unicodedata.normalize("NFKC", number).strip()
    core = n.strip("()（）、.．")
    if not core:
        return ""
    if n.startswith("("):
        return rf"[(（]\s*{re.escape(core)}\s*[)）]\s*"
    return rf"{re.escape(core)}\s*[、.．,，]?\s*"


def label_pattern(label: Label, *, numbered: bool = True) -> re.Pattern[str]:
    """A regex for a catalog label as printed: optional spaces between characters, punctuation variants."""
    forms = [unicodedata.normalize("NFKC", t) for t in (label.label, *label.variants)]
    bodies = sorted((r"\s*".join(filter(None, map(_char_pattern, f))) for f in forms), key=len, reverse=True)
    number = _number_pattern(label.number) if numbered and label.number else ""
    return re.compile(number + "(?:" + "|".join(bodies) + ")")


def _runs_after(text: str, spans: list[tuple[str, int, int]]) -> dict[str, str]:
    """The leading digit run after each found label, up to the next label."""
    out: dict[str, str] = {}
    for i, (key, _start, end) in enumerate(spans):
        stop = spans[i + 1][1] if i + 1 < len(spans) else len(text)
        m = _RUN.match(text, end, stop)
        out[key] = m.group(0) if m else ""
    return out


def _find_sequence(text: str, labels: Sequence[Label], start: int, end: int) -> list[tuple[str, int, int]]:
    spans: list[tuple[str, int, int]] = []
    pos = start
    for label in labels:
        check_time("查找表格行")
        m = label_pattern(label).search(text, pos, end)
        if m is None and label.number:
            # printed without its number ("…申请0 0 0 0 0 00其他0 0…" for 3.其他): a long label anywhere
            # after the last one, a short one only right after the last row's digits
            bare = label_pattern(label, numbered=False).search(text, pos, end)
            after_digits = bool(spans) and _RUN.fullmatch(text, pos, bare.start()) if bare else False
            if bare is not None and (len(label.label) >= 4 or after_digits):
                m = bare
        if m is None:
            continue
        spans.append((label.key, m.start(), m.end()))
        pos = m.end()
    return spans


# ---- cutting one run into cells (the search itself is in cuts.py) ----------------------------


def readings(
    run: str,
    k: int,
    ok: Callable[[Reading], bool],
    *,
    group: int = 0,
    cell_ok: Callable[[int, float], bool] | None = None,
) -> tuple[list[Reading], str]:
    """The readings of a run that satisfy ``ok``, and how they were decided (for the notes).

    ``group`` and ``cell_ok`` are the parts of ``ok`` the search applies as it goes (see :func:`cuts.search`);
    ``ok`` is still applied to every reading."""
    tokens = _UNIT_WORDS.sub(" ", run).split()
    if len(tokens) == k and all(valid_part(t) for t in tokens):
        spaced = tuple(as_number(t) for t in tokens)
        if ok(spaced):
            return [spaced], "按空格分隔"
    compact = "".join(tokens)
    if not compact:
        return [], "无数字"
    try:
        found = [r for r in search(compact, k, group=group, cell_ok=cell_ok) if ok(r)]
    except TooManyReadings:
        return [], f"读法超过{MAX_READINGS}种、未拆分"
    return list(dict.fromkeys(found)), "按勾稽关系拆分"


def _row_sum_ok(r: Reading) -> bool:
    return bool(sum(r[:-1]) == r[-1]) and all(x >= 0 for x in r)


def _appeals_ok(r: Reading) -> bool:
    return all(sum(r[g : g + 4]) == r[g + 4] for g in range(0, len(r), 5)) and all(x >= 0 for x in r)


# ---- the tables -------------------------------------------------------------------------


def _column_ok(rows: dict[str, Reading], outcome_keys: list[str]) -> bool:
    needed = ("received", "carried_over", "total_handled", "carried_forward")
    for c in range(len(REQUEST_COLUMNS)):
        if all(k in rows for k in needed):
            r = rows
            if r["received"][c] + r["carried_over"][c] != r["total_handled"][c] + r["carried_forward"][c]:
                return False
        if (
            "total_handled" in rows
            and all(k in rows for k in outcome_keys)
            and sum(rows[k][c] for k in outcome_keys) != rows["total_handled"][c]
        ):
            return False
    return True


def _resolve(
    candidates: dict[str, list[Reading]], joint_ok: Callable[[dict[str, Reading]], bool]
) -> dict[str, list[Reading]]:
    """Keep the readings of ambiguous rows that occur in some combination satisfying ``joint_ok``."""
    fixed = {k: v[0] for k, v in candidates.items() if len(v) == 1}
    open_keys = [k for k, v in candidates.items() if len(v) > 1]
    total = 1
    for k in open_keys:
        total *= len(candidates[k])
    if not open_keys or total > MAX_COMBINATIONS:
        return candidates
    survivors: dict[str, set[Reading]] = {k: set() for k in open_keys}
    for combo in itertools.product(*(candidates[k] for k in open_keys)):
        rows = dict(fixed)
        rows.update(zip(open_keys, combo, strict=True))
        if joint_ok(rows):
            for k, r in zip(open_keys, combo, strict=True):
                survivors[k].add(r)
    if not any(survivors.values()):
        return candidates  # the report's own numbers break the identity: keep every row reading
    return {k: (sorted(survivors[k]) if k in survivors else v) for k, v in candidates.items()}


def _store(result: RunResult, path: str, cols: Sequence[str], options: list[Reading]) -> None:
    result.rows_found.append(path)
    if len(options) > 1:
        result.ambiguous_rows[path] = [dict(zip(cols, r, strict=True)) for r in options]
    for i, col in enumerate(cols):
        values = sorted({r[i] for r in options})
        cell = f"{path}.{col}"
        if len(values) == 1:
            result.values[cell] = values[0]
        else:
            result.values[cell] = None
            if values:
                result.ambiguous[cell] = [float(v) for v in values]


def read_requests(text: str, template: str, catalog: Catalog, result: RunResult) -> None:
    specs = list(catalog.request_rows(template))
    start = text.find("收到和处理政府信息公开申请情况")
    spans = _find_sequence(text, specs, max(start, 0), len(text))
    runs = _runs_after(text, spans)
    candidates: dict[str, list[Reading]] = {}
    how: set[str] = set()
    for key, run in runs.items():
        if not run.strip():
            continue  # a heading such as （六）其他处理 above its sub-rows carries no numbers
        found, decided = readings(run, len(REQUEST_COLUMNS), _row_sum_ok, group=len(REQUEST_COLUMNS))
        candidates[key] = found
        how.add(decided)
    outcome_keys = [
        s.key
        for s in specs
        if s.key not in ("received", "carried_over", "total_handled", "carried_forward")
        and s.key in candidates
    ]
    resolved = _resolve(candidates, lambda rows: _column_ok(rows, outcome_keys))
    for key, options in resolved.items():
        _store(result, f"requests.{key}", REQUEST_COLUMNS, options)
    if resolved:
        result.tables_found.append("requests")
        n_amb = sum(1 for k in resolved.values() if len(k) != 1)
        result.notes.append(
            f"表三：单元格数字粘连，{'、'.join(sorted(how))}（每行六类申请人之和等于总计，各列第一项加第二项等于"
            f"第三项加第四项）；{len(resolved)}行中{len(resolved) - n_amb}行唯一确定"
            + (f"，{n_amb}行有多种读法，留空并列出候选值" if n_amb else "")
        )


def read_appeals(text: str, result: RunResult) -> None:
    width = 3 * len(APPEAL_COLUMNS)
    matches = list(re.finditer(r"尚未\s*审结\s*总\s*计\s*([0-9\s.\-]+)", text))
    for m in reversed(matches):
        found, decided = readings(m.group(1), width, _appeals_ok, group=len(APPEAL_COLUMNS))
        if not m.group(1).strip():
            continue
        for g, group in enumerate(("review", "suit_direct", "suit_after_review")):
            part = [r[g * 5 : g * 5 + 5] for r in found]
            _store(result, f"appeals.{group}", APPEAL_COLUMNS, list(dict.fromkeys(part)))
        result.tables_found.append("appeals")
        result.notes.append(
            f"表四：单元格数字粘连，{decided}（每组四项结果之和等于总计）；"
            + ("唯一确定" if len(found) == 1 else f"{len(found)}种读法")
        )
        return


_N = r"\s*(?:共|合计|计)?\s*(\d+)\s*件"  # "现行有效行政规范性文件共253件"
_TEXT_FACTS = {
    "normative_documents.in_force": r"现行有效[^。；，,]{0,12}?规范性文件" + _N,
    "normative_documents.issued": r"(?:制发|制定|出台|印发)[^。；，,]{0,12}?规范性文件" + _N,
    "normative_documents.made": r"(?:制发|制定|制作|出台|印发)[^。；，,]{0,12}?规范性文件" + _N,
    "normative_documents.repealed": r"(?:废止|失效)[^。；，,]{0,12}?文件" + _N,  # "确认失效或废止文件7件"
    "rules.issued": r"(?:制发|制定|出台|印发)[^。；，,]{0,12}?规章" + _N,
    "rules.in_force": r"现行有效[^。；，,]{0,12}?规章" + _N,
}


def stated_numbers(text: str) -> dict[str, tuple[float, str]]:
    """表二 cells the narrative states (``现行有效规范性文件共253件``): row.column -> (number, the words)."""
    text = unicodedata.normalize("NFKC", text)
    return {k: (float(m.group(1)), m.group(0)) for k, p in _TEXT_FACTS.items() if (m := re.search(p, text))}


def _proactive_cell_ok(i: int, x: float, *, cols: list[str], claims: dict[int, float]) -> bool:
    c = cols[i]
    if (x < 0 and c != "items_change") or (isinstance(x, float) and c != "amount"):
        return False
    return not (i in claims and claims[i] != x)


def _proactive_ok(r: Reading, *, cols: list[str], claims: dict[int, float]) -> bool:
    """A 表二 reading: only 本年增/减 may be negative, and never below minus last year's items; only
    amounts may have decimals; and it agrees with the numbers the text states."""
    if not all(_proactive_cell_ok(i, x, cols=cols, claims=claims) for i, x in enumerate(r)):
        return False
    row = dict(zip(cols, r, strict=True))
    return not ("items_change" in row and row["items_last_year"] + row["items_change"] < 0)


# What a 第（一）项 row of the 2019 template means makes some readings implausible: the documents newly
# published this year are among all those published (对外公开总数量). Only that: "made ≤ total" is false
# in real reports (平潭财政金融局 2019 prints 10 / 7 / 7), and so is its 2021 analogue. It narrows the
# readings that satisfy every rule, and never empties them.
PLAUSIBLE = {"published": "total_published"}


def plausible(row: dict[str, float]) -> bool:
    return all(row[a] <= row[b] for a, b in PLAUSIBLE.items() if a in row and b in row)


# Columns with the same meaning in both templates' 表二: 处理决定数量 (2019) is 本年处理决定数量 (2021).
SAME_MEANING = {"licensing": {"decisions": "decisions"}, "penalty": {"decisions": "decisions"},
                "coercion": {"decisions": "decisions"}}  # fmt: skip


def printed_template(table_text: str, template: str, catalog: Catalog) -> str:
    """The template whose 表二 labels the text prints (a 2021 report may print the 2019 columns)."""
    found = {t: sum(normalize(m) in table_text for m in ms) for t, ms in catalog.template_markers.items()}
    other = "2019" if template == "2021" else "2021"
    return other if found[other] and not found[template] else template


def _proactive_readings(run: str, cols: list[str], claims: dict[int, float]) -> list[Reading]:
    ok = functools.partial(_proactive_ok, cols=cols, claims=claims)
    cell_ok = functools.partial(_proactive_cell_ok, cols=cols, claims=claims)
    return readings(run, len(cols), ok, cell_ok=cell_ok)[0]


def read_proactive(text: str, template: str, catalog: Catalog, result: RunResult) -> None:
    # from the first 第二十条 caption (the table, not the introduction naming the sections) to 表三
    start = text.find("第二十条")
    first_row = label_pattern(catalog.request_rows(template)[0]).search(text, max(start, 0))
    end = first_row.start() if first_row else len(text)
    printed = printed_template(normalize(text[max(start, 0) : end]), template, catalog)
    specs = list(catalog.proactive[printed])
    spans = _find_sequence(text, specs, max(start, 0), end)
    runs = _runs_after(text, spans)
    stated = {k: v for k, (v, _words) in stated_numbers(text).items()}
    unit_after = {key: text[e : e + 40] for key, _s, e in spans}
    by_custom: list[str] = []  # rows where the plausibility of 第（一）项 ruled readings out
    for key, run in runs.items():
        spec = next(s for s in specs if s.key == key)
        cols = list(spec.columns)
        claims = {i: stated[f"{key}.{c}"] for i, c in enumerate(cols) if f"{key}.{c}" in stated}
        if printed != template:
            claims = {}  # the text's statements are about the report's own template
        found = _proactive_readings(run, cols, claims)
        if not found and claims:
            # the text's own statements conflict with every reading: do not use them
            found = _proactive_readings(run, cols, {})
        kept = [r for r in found if plausible(dict(zip(cols, r, strict=True)))]
        if kept and len(kept) < len(found):
            found = kept
            by_custom.append(spec.label)
        if printed != template:
            same = SAME_MEANING.get(key, {})
            if not same:
                result.rows_found.append(f"proactive.{key}")  # printed, but no column means the same
                continue
            index = [cols.index(c) for c in same]
            cols = list(same.values())
            found = list(dict.fromkeys(tuple(r[i] for i in index) for r in found))
        _store(result, f"proactive.{key}", cols, found)
        if key == "procurement":
            unit = re.match(rf"(?:[\s0-9.\-+]|{_COUNT_UNIT})*(万元|元)", unit_after[key])
            result.unit = unit.group(1) if unit else None
    if runs:
        result.tables_found.append("proactive")
        amb = [p for p in result.ambiguous if p.startswith("proactive.")]
        custom = (
            f"，{'、'.join(by_custom)}另按“本年新公开数量不超过对外公开总数量”排除了部分读法"
            if by_custom
            else ""
        )
        mixed = (
            f"；表二印的是{printed}年版的栏目，与本报告的{template}年版格式不符，只取含义相同的“处理决定数量”，"
            "其余栏目未予填写"
            if printed != template
            else ""
        )
        result.notes.append(
            "表二：单元格数字粘连，按各列的取值范围和正文所述数字拆分"
            + custom
            + mixed
            + (f"；单独读取时{len(amb)}个单元格有多种读法，留空并列出候选值" if amb else "；全部唯一确定")
        )


def read_run_together(text: str, template: str, catalog: Catalog) -> RunResult:
    """Recover 表二/三/四 from text whose table cells ran together (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text)
    result = RunResult()
    read_requests(text, template, catalog, result)
    read_appeals(text, result)
    read_proactive(text, template, catalog, result)
    return result


__all__ = ["RunResult", "cuts", "label_pattern", "read_run_together", "readings"]
