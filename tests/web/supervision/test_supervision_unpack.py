"""Zips are opened with limits: members, sizes (also while decompressing), traversal, nesting, encryption,
GBK names; each refusal is an entry with its reason, never an exception."""

from __future__ import annotations

from django.test import override_settings
from intake_files import make_zip

from gongkai_web.supervision.services.unpack import unpack_zip


def _reasons(data: bytes) -> dict[str, str]:
    return {e.name: e.refused for e in unpack_zip("a.zip", data)}


@override_settings(GONGKAI_INTAKE_MAX_FILES=3)
def test_too_many_members_is_one_refusal() -> None:
    reasons = _reasons(make_zip([(f"{i}.txt", b"x") for i in range(4)]))
    assert list(reasons) == ["a.zip"] and "超过上限 3 个" in reasons["a.zip"]


@override_settings(GONGKAI_INTAKE_MAX_FILE_BYTES=1000, GONGKAI_INTAKE_ZIP_MAX_TOTAL=1500)
def test_sizes_traversal_and_nesting() -> None:
    reasons = _reasons(
        make_zip(
            [
                ("big.txt", b"0" * 1001),  # compresses to almost nothing: the header's size refuses it
                ("ok.txt", b"1" * 900),
                ("../../etc/passwd", b"x"),
                ("/abs.txt", b"x"),
                ("inner.zip", make_zip([("x.txt", b"x")])),
                ("over-total.txt", b"2" * 900),
            ]
        )
    )
    assert "文件过大" in reasons["a.zip/big.txt"]
    assert reasons["a.zip/ok.txt"] == ""
    assert "总大小超过上限" in reasons["a.zip/over-total.txt"]
    assert "路径不安全" in reasons["a.zip/../../etc/passwd"] and "路径不安全" in reasons["a.zip//abs.txt"]
    assert "压缩包内的压缩包" in reasons["a.zip/inner.zip"]


@override_settings(GONGKAI_INTAKE_MAX_FILE_BYTES=1000)
def test_a_header_that_understates_the_size_is_caught_while_reading() -> None:
    data = bytearray(make_zip([("liar.txt", b"0" * 5000)]))
    # rewrite the uncompressed size in the local and central headers to 10 bytes
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(sig)
        data[at + offset : at + offset + 4] = (10).to_bytes(4, "little")
    reasons = _reasons(bytes(data))
    assert reasons["a.zip/liar.txt"]  # refused: too large once read, or corrupt — never taken


def test_gbk_names_and_a_broken_zip() -> None:
    # as Chinese Windows writes it: the name in GBK, without the UTF-8 flag
    data = make_zip([("ABCD.txt", b"x")]).replace(b"ABCD", "报告".encode("gbk"))
    assert list(_reasons(data)) == ["a.zip/报告.txt"]
    assert "已损坏" in _reasons(b"PK\x03\x04 broken")["a.zip"]
