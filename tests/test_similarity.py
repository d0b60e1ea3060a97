"""Copied text: normalisation keeps offsets, passages point at the original text, the LSH stage finds the pairs
that share most of their shingles and not unrelated ones."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.similarity import (
    CopyConfig,
    candidate_pairs,
    compare_texts,
    normalize_for_copies,
    shingle_hashes,
)

A = (
    "存在的问题主要有以下几个方面：一是部分单位信息发布属性界定还不够精确，部分栏目存在信息噪音；二是开拓创新"
    "不够有力，实验区政务公开工作特色打造、亮点挖掘还不够；三是政策解读的质量有待提高，形式还要更加多样。"
)
B = (
    "2024年，实验区政府信息公开工作取得了新进展新成果，但在工作中仍在不足，如新时代政府信息公开工作机制有待"
    "进一步调整和完善；政策解读形式仍需创新；智能化、数字化手段运用还不够充分等。"
)


def test_normalisation_drops_punctuation_and_reads_digits_as_zero() -> None:
    n = normalize_for_copies("2023年， 共 １２ 件。")
    assert n.text == "0000年共00件"
    assert [("2023年， 共 １２ 件。")[i] for i in n.offsets] == list("2023年共１２件")


def test_shingles_are_stable_and_distinct() -> None:
    h = shingle_hashes("一二三四五一二三四五", 5)
    assert list(h) == sorted(set(h.tolist()))
    assert len(h) == 5  # 一二三四五, 二三四五一, 三四五一二, 四五一二三, 五一二三四
    assert shingle_hashes("一二三", 5).size == 0
    assert shingle_hashes("一二三四五", 5).tolist() == [reference_hash("一二三四五")]


def reference_hash(shingle: str) -> int:
    """The shingle hash in plain integers: a polynomial over the code points mod 2**64, then a finaliser;
    no per-process seed, so signatures agree across processes and runs."""
    mask = 2**64 - 1
    h = 0
    for ch in shingle:
        h = (h * 1_000_003 + ord(ch)) & mask
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & mask
    h ^= h >> 33
    return h & 0xFFFFFFFF


def test_a_copy_with_new_figures_is_identical_and_its_passage_points_at_the_original() -> None:
    copied = A.replace("一是", "一是2024年")
    match = compare_texts(A, copied)
    assert match.similarity > 0.9
    for p in match.passages:
        assert (
            normalize_for_copies(A[p.a_start : p.a_end]).text
            == normalize_for_copies(copied[p.b_start : p.b_end]).text
        )
        assert p.text == A[p.a_start : p.a_end]


def test_different_texts_share_nothing() -> None:
    match = compare_texts(A, B)
    assert match.similarity < 0.1
    assert compare_texts(A, "").similarity == 0.0


@settings(deadline=None)  # a shared machine: no per-example time limit
@given(st.integers(0, len(A) - 1), st.text(alphabet="甲乙丙丁", min_size=1, max_size=3))
def test_similarity_is_symmetric_and_one_edit_keeps_it_high(at: int, insert: str) -> None:
    edited = A[:at] + insert + A[at:]
    ab, ba = compare_texts(A, edited), compare_texts(edited, A)
    assert ab.similarity == ba.similarity
    # at worst the insertion cuts off a piece shorter than a passage: M >= |A| - (min_passage - 1)
    n, lost = len(normalize_for_copies(A).text), CopyConfig.default().min_passage - 1
    assert ab.similarity >= round(2 * (n - lost) / (2 * n + len(insert)), 4) > 0.8


def test_candidate_pairs_find_copies_not_strangers() -> None:
    texts = {"a": A, "b": B, "a2": A.replace("精确", "准确"), "short": "无"}
    assert candidate_pairs(texts) == {("a", "a2")}
    assert candidate_pairs(texts, CopyConfig.default(min_chars=1000)) == set()


def test_default_configuration_comes_from_the_catalog() -> None:
    config = CopyConfig.default()
    assert 0 < config.candidate_jaccard < config.threshold <= 1
    assert CopyConfig.default(threshold=0.5).threshold == 0.5
