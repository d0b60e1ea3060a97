"""A mutation fuzzer for the readers and the checker, seeded from the fixture reports.

Each case takes a seed — a fixture report as published (text, web page, PDF) or a fixture rendered to Word and
Excel — and applies one mutation: flipped bytes, a truncation, a corrupt or unsupported ZIP member, a number
token replaced by a malformed or huge one, long digit runs, a slice repeated many times, two seeds spliced.
The input is then read and checked as ``gongkai parse`` / ``gongkai check`` do. Each case must end in a report
or in the one-line input error (:class:`gongkai.errors.InputError`), within ``SLOW_SECONDS``.

The short run is ``tests/readers/test_fuzz.py`` (derandomised, seconds); the long run is
``uv run python bench/fuzz.py --minutes 10``, which saves every offending input.
"""

from __future__ import annotations

import io
import json
import random
import re
import struct
import time
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gongkai.check import check_report
from gongkai.errors import InputError
from gongkai.model.report import report_from_dict
from gongkai.readers import read_bytes
from gongkai.renderers import render_report

REPORTS = Path(__file__).parent / "fixtures" / "reports"
MODEL_KEYS = ("template", "agency", "year", "title", "proactive", "requests", "appeals")
SLOW_SECONDS = 2.0
TOKENS = (
    "5949.-088667", "1e308", "1E+308", "-0", "0.", ".5", "--3", "5+3", "1.2.3", "１２３", "١٢٣", "NaN", "inf",
    "9" * 13, "4" + "0" * 399, "-1", "3.14159265358979", "0x1F", "1,234,567,890,123", "１,２３４", "²", "½",
)  # fmt: skip


@cache
def seeds() -> tuple[tuple[str, bytes], ...]:
    """(name, bytes) of every fixture report as published, and two rendered to Word and Excel."""
    out = [
        (p.name, p.read_bytes())
        for p in sorted(REPORTS.rglob("*"))
        if p.suffix in (".txt", ".html", ".pdf") and p.is_file()
    ]
    for stem in ("2021/2024-shanghai-stc-converted", "2019/2019-shanghai-govoffice"):
        expected = json.loads((REPORTS / f"{stem}.expected.json").read_text(encoding="utf-8"))
        report = report_from_dict({k: expected[k] for k in MODEL_KEYS if k in expected})
        for fmt in ("docx", "xlsx"):
            out.append((f"{Path(stem).name}.{fmt}", render_report(report, fmt)))
    return tuple(out)


# ---- mutations ----------------------------------------------------------------------------------------------


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 4, 32))):
        pos = rng.randrange(len(out))
        out[pos : pos + rng.randint(1, 16)] = rng.randbytes(rng.randint(0, 16))
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, len(data))]


def _members(data: bytes) -> list[zipfile.ZipInfo]:
    try:
        return zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError):
        return []


def corrupt_zip(rng: random.Random, data: bytes) -> bytes:
    """A member's compressed bytes overwritten, or its central-directory method or version made unknown."""
    members = _members(data)
    if not members:
        return flip_bytes(rng, data)
    info = rng.choice(members)
    out = bytearray(data)
    what = rng.randrange(3)
    if what == 0:
        name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
        start = info.header_offset + 30 + name_len + extra_len
        for i in range(start, start + min(info.compress_size, rng.randint(1, 64))):
            out[i] = rng.randrange(256)
        return bytes(out)
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        n = struct.unpack("<H", data[pos + 28 : pos + 30])[0]
        if data[pos + 46 : pos + 46 + n] == info.filename.encode():
            field = 10 if what == 1 else 6  # compression method / version needed to extract
            out[pos + field : pos + field + 2] = struct.pack("<H", rng.choice((1, 6, 12, 14, 95, 99)))
        pos = data.find(b"PK\x01\x02", pos + 1)
    return bytes(out)


_NUMBER = re.compile(rb"\d+")


def _text_mutation(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """Apply a text change inside a ZIP's members (Word, Excel) or to the bytes themselves."""
    members = _members(data)
    if not members:
        return change(data)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in members:
            body = src.read(info)
            z.writestr(info.filename, change(body) if info.filename.endswith(".xml") else body)
    return out.getvalue()


def replace_tokens(rng: random.Random, data: bytes) -> bytes:
    def change(body: bytes) -> bytes:
        spans = list(_NUMBER.finditer(body))
        for m in rng.sample(spans, min(len(spans), rng.choice((1, 3, 10)))):
            token = rng.choice(TOKENS).encode()
            body = body[: m.start()] + token + body[m.end() :] if m.end() <= len(body) else body
        return body

    return _text_mutation(data, change)


def digit_runs(rng: random.Random, data: bytes) -> bytes:
    """Numbers replaced by long runs of digits (the run-together splitter's worst case)."""

    def change(body: bytes) -> bytes:
        spans = list(_NUMBER.finditer(body))
        chosen = {m.start() for m in rng.sample(spans, min(len(spans), rng.choice((1, 14, 40))))}
        length = rng.choice((16, 35, 64, 400))
        return _NUMBER.sub(
            lambda m: bytes(rng.choices(b"0123456789", k=length)) if m.start() in chosen else m[0], body
        )

    return _text_mutation(data, change)


def repeat_slice(rng: random.Random, data: bytes) -> bytes:
    """A slice repeated until the input is up to 2 MB (huge tables, lines, element counts)."""
    start = rng.randrange(len(data))
    piece = data[start : start + rng.choice((1, 8, 200, 4000))]
    times = min(2_000_000 // max(len(piece), 1), rng.choice((100, 10_000, 1_000_000)))
    return data[:start] + piece * times + data[start:]


def splice(rng: random.Random, data: bytes) -> bytes:
    _, other = rng.choice(seeds())
    return data[: rng.randrange(len(data))] + other[rng.randrange(len(other)) :]


MUTATIONS: tuple[Callable[[random.Random, bytes], bytes], ...] = (
    flip_bytes, truncate, corrupt_zip, replace_tokens, digit_runs, repeat_slice, splice,
)  # fmt: skip


def mutate(rng: random.Random) -> tuple[str, bytes]:
    """One fuzz case: ``(description, input)``."""
    name, data = rng.choice(seeds())
    mutation = rng.choice(MUTATIONS)
    return f"{name}:{mutation.__name__}", mutation(rng, data)


# ---- running one case ---------------------------------------------------------------------------------------


@dataclass
class Outcome:
    kind: str  # "report", "input-error" or "internal-error"
    seconds: float
    detail: str = ""


def run_case(data: bytes, name: str = "fuzz") -> Outcome:
    """Read and check ``data`` as the CLI does; an exception other than an input error is an internal error."""
    started = time.perf_counter()
    try:
        result = read_bytes(data, name=name)
        check_report(result.report, facts=result.facts)
        kind, detail = "report", ""
    except InputError as exc:
        kind, detail = "input-error", exc.line()
        if "\n" in detail:
            kind, detail = "internal-error", f"input error of several lines: {detail!r}"
    except Exception:  # the fuzzer's purpose: any other exception is a bug to report
        kind, detail = "internal-error", traceback.format_exc()
    return Outcome(kind, time.perf_counter() - started, detail)
