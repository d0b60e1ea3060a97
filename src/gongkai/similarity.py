"""Copied text: how much two texts share, which passages, and which pairs of many texts are worth comparing.

Chinese has no spaces, so a text is compared as characters: :func:`normalize_for_copies` drops whitespace and
punctuation and reads every digit as ``0`` (a copied report with this year's numbers is still a copy), keeping
each character's offset in the original text so a page can show the passages where they stand.

Many texts (a region's reports of a year, 5,000 of them): each text's character shingles (``shingle``
characters in a row, hashed to 32 bits with a stable hash) go into a MinHash signature (``datasketch``), and
LSH banding (``datasketch.MinHashLSH``) returns the pairs whose estimated shingle Jaccard reaches
``candidate_jaccard`` (:func:`candidate_pairs`). Only those pairs are compared exactly (:func:`compare_texts`,
``difflib`` on the normalised texts): ``similarity = 2·M / (|a| + |b|)``, M the characters in shared passages
of at least ``min_passage`` characters. The LSH stage is probabilistic: a pair just above the Jaccard
threshold is found with high but not certain probability (``bench/copies.py`` measures the recall).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Any, TypeVar

import numpy as np

from gongkai.catalog import load_supervision

K = TypeVar("K", bound=Hashable)

_WORD = re.compile(r"[^\W_]+")
_DIGITS = str.maketrans(dict.fromkeys("0123456789０１２３４５６７８９", "0"))
_MULT = np.uint64(1_000_003)


@dataclass(frozen=True)
class CopyConfig:
    """The copy detector's settings; :meth:`default` reads ``catalog/supervision.yaml``."""

    threshold: float = 0.7
    candidate_jaccard: float = 0.3
    shingle: int = 5
    num_perm: int = 128
    min_chars: int = 50
    min_passage: int = 15

    @classmethod
    def default(cls, **changes: Any) -> CopyConfig:
        data = load_supervision().copies
        base = cls(
            threshold=data["threshold"],
            candidate_jaccard=data["candidate_jaccard"],
            shingle=int(data["shingle"]),
            num_perm=int(data["num_perm"]),
            min_chars=int(data["min_chars"]),
            min_passage=int(data["min_passage"]),
        )
        return replace(base, **changes)


@dataclass(frozen=True)
class Normalized:
    """A text as compared (``text``) and, for each of its characters, the offset in the original."""

    text: str
    offsets: tuple[int, ...]


@dataclass(frozen=True)
class Passage:
    """A passage both texts contain: ``[a_start, a_end)`` in the first original text, ``[b_start, b_end)`` in
    the second, and the first text's wording of it."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    text: str


@dataclass(frozen=True)
class TextMatch:
    """How much two texts share: ``similarity`` in [0, 1], and the shared passages (first text's order)."""

    similarity: float
    passages: tuple[Passage, ...]


def normalize_for_copies(text: str) -> Normalized:
    """Letters and CJK characters only (whitespace, punctuation, symbols dropped), every digit as ``0``."""
    parts: list[str] = []
    offsets: list[int] = []
    for m in _WORD.finditer(text):
        parts.append(m.group(0))
        offsets.extend(range(m.start(), m.end()))
    return Normalized("".join(parts).translate(_DIGITS), tuple(offsets))


def shingle_hashes(text: str, size: int) -> np.ndarray:
    """The distinct 32-bit hashes of the ``size``-character shingles of a normalised text (stable across runs:
    a polynomial over the code points, then a 64-bit finaliser)."""
    if len(text) < size:
        return np.zeros(0, dtype=np.uint32)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - size + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(size):
        h = h * _MULT + codes[j : j + n]
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    return np.unique((h & np.uint64(0xFFFFFFFF)).astype(np.uint32))


def _identity(value: Any) -> Any:
    return value


def candidate_pairs(texts: Mapping[K, str], config: CopyConfig | None = None) -> set[tuple[K, K]]:
    """Pairs of keys whose normalised texts likely share at least ``candidate_jaccard`` of their shingles
    (MinHash + LSH banding). Texts shorter than ``min_chars`` take no part. Each pair once, in ``texts``
    order."""
    from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]

    config = config or CopyConfig.default()
    order = {key: i for i, key in enumerate(texts)}
    lsh = MinHashLSH(threshold=config.candidate_jaccard, num_perm=config.num_perm)
    template = MinHash(num_perm=config.num_perm, hashfunc=_identity)
    signatures = {}
    for key, text in texts.items():
        norm = normalize_for_copies(text).text
        if len(norm) < config.min_chars:
            continue
        m = MinHash(
            num_perm=config.num_perm,
            hashfunc=_identity,
            permutations=template.permutations,
            scheme="affine32",
        )
        m.update_batch(shingle_hashes(norm, config.shingle))
        signatures[key] = m
        lsh.insert(key, m)
    pairs: set[tuple[K, K]] = set()
    for key, m in signatures.items():
        for other in lsh.query(m):
            if other != key:
                a, b = sorted((key, other), key=order.__getitem__)
                pairs.add((a, b))
    return pairs


def compare_texts(a: str, b: str, config: CopyConfig | None = None) -> TextMatch:
    """The exact comparison of two texts: their shared passages (each at least ``min_passage`` normalised
    characters) and ``similarity = 2·M / (|a| + |b|)`` over the normalised texts."""
    config = config or CopyConfig.default()
    na, nb = normalize_for_copies(a), normalize_for_copies(b)
    if not na.text or not nb.text:
        return TextMatch(0.0, ())
    matcher = SequenceMatcher(None, na.text, nb.text, autojunk=False)
    passages: list[Passage] = []
    shared = 0
    for block in matcher.get_matching_blocks():
        if block.size < config.min_passage:
            continue
        shared += block.size
        a_start, a_end = na.offsets[block.a], na.offsets[block.a + block.size - 1] + 1
        b_start, b_end = nb.offsets[block.b], nb.offsets[block.b + block.size - 1] + 1
        passages.append(Passage(a_start, a_end, b_start, b_end, a[a_start:a_end]))
    return TextMatch(round(2 * shared / (len(na.text) + len(nb.text)), 4), tuple(passages))


def iter_matches(
    texts: Mapping[K, str], pairs: Iterable[tuple[K, K]], config: CopyConfig | None = None
) -> Iterable[tuple[K, K, TextMatch]]:
    """The exact comparison of each pair at or above ``threshold``."""
    config = config or CopyConfig.default()
    for a, b in pairs:
        match = compare_texts(texts[a], texts[b], config)
        if match.similarity >= config.threshold:
            yield a, b, match
