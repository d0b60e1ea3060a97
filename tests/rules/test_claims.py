"""The text-claim helpers of the narrative rules (N5xx): the gap allowed between a keyword and its number
(in text already normalised: NFKC, whitespace removed)."""

from __future__ import annotations

import re

from gongkai.rules.narrative._claims import find_claims, gap


def test_gap_allows_a_few_characters_between_a_keyword_and_its_number() -> None:
    pattern = re.compile(rf"不予公开{gap(6)}(?P<n>\d+)件")
    found = pattern.search("不予公开答复2件")
    assert found is not None and found.group("n") == "2"
    assert pattern.search("不予公开的申请共计有许多达到2件") is None  # more than 6 characters between


def test_gap_never_crosses_an_excluded_word() -> None:
    assert re.fullmatch(gap(6, without="部分"), "答复了") is not None
    assert re.fullmatch(gap(6, without="部分"), "及部分") is None
    granted = re.compile(rf"同意公开{gap(6, without='部分')}(?P<n>\d+)件")
    found = granted.search("同意公开答复9件")
    assert found is not None and found.group("n") == "9"
    assert granted.search("同意公开及部分公开0件") is None  # that 0 is 部分公开's


def test_a_number_is_never_taken_from_inside_a_longer_digit_run() -> None:
    """A pattern that starts with its number looks behind it: ``2023`` is never read as ``023`` or ``3``, and
    a long run of digits is tried once, not once per digit (quadratic: a 20,000-digit run took seconds)."""
    import time

    from gongkai.readers.stated import _COMPILED
    from gongkai.rules.narrative import n504, n506
    from gongkai.rules.narrative._claims import find_claims

    leading = [
        (n504.PATTERNS[1], "12件申请结转下年度"),
        (n506.REVIEW[1], "12件行政复议"),
        (n506.SUIT[1], "12件行政诉讼"),
        (_COMPILED["requests.carried_forward.total"][1], "12件结转下一年度"),
        (_COMPILED["appeals.review.total"][2], "12件行政复议"),
    ]
    for pattern, text in leading:
        assert pattern.search(text).group("n") == "12"  # type: ignore[union-attr]
        assert pattern.search(text, 1) is None  # from inside the run: "2" is not a number of the text
    run = "7" * 20_000
    started = time.perf_counter()
    assert find_claims(f"共{run}项。", [p for p, _ in leading]) == []
    assert time.perf_counter() - started < 5  # quadratic took tens of seconds; generous under load


def test_find_claims_keeps_each_number_of_each_sentence_once() -> None:
    pattern = re.compile(r"(?P<n>\d+)件")
    claims = find_claims("收到申请5件，其中5件已办结。另有3件结转。", [pattern])
    assert [(c.number, c.sentence) for c in claims] == [
        (5, "收到申请5件，其中5件已办结"),
        (3, "另有3件结转"),
    ]
