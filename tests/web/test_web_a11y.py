"""The structural accessibility checks find what they look for (and nothing on a sound page)."""

from __future__ import annotations

from web.a11y import problems

SOUND = """<html lang="zh-Hans"><body><h1>目录</h1><h2>检索</h2><form><label for="q">关键词</label>
<input id="q" name="q"><input type="hidden" name="page"><label>年份 <select name="y"></select></label></form>
<a href="/x/">政策解读</a><img src="/a.png" alt="图解"></body></html>"""


def test_a_sound_page_has_no_problems() -> None:
    assert problems(SOUND) == []


def test_each_problem_is_found() -> None:
    bad = """<html><body><h1>一</h1><h3>跳级</h3><h1>二</h1><input id="q" name="q"><textarea name="t"></textarea>
    <img src="/b.png"><a href="/empty/"> </a></body></html>"""
    assert problems(bad) == [
        "html without lang",
        "2 h1",
        "h1 → h3",
        "unlabelled q",
        "unlabelled t",
        "img without alt /b.png",
        "empty link /empty/",
    ]
