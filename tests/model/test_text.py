"""Free text cleaned on input: line-break characters become newlines, other control characters go."""

from __future__ import annotations

import pytest
from lxml import etree

from gongkai.model.text import clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("第一行\x0b第二行", "第一行\n第二行"),  # Word's Shift+Enter
        ("一\x0c二", "一\n二"),  # page break
        ("一\r\n二\r三", "一\n二\n三"),
        ("一\u2028二", "一\n二"),
        ("申请\x01公开\x00。\x1f", "申请公开。"),
        ("缩进\t保留\n换行保留", "缩进\t保留\n换行保留"),
        ("\x7f\x85\ufffe正文", "正文"),
        ("", ""),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_every_character_left_is_allowed_in_xml() -> None:
    everything = "".join(chr(i) for i in range(0x3000)) + "\ufffe\uffff"
    cleaned = clean_text(everything)
    etree.fromstring(f"<p>{cleaned.replace('&', '').replace('<', '')}</p>".encode())
