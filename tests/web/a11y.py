"""Structural accessibility checks of a page's HTML, for the browser tests (no JavaScript needed)."""

from __future__ import annotations

import itertools

import lxml.html


def problems(html: str) -> list[str]:
    """Structural accessibility problems of a page (GB/T 37668, WCAG): page language, one h1 and no skipped
    heading level, a label for every form control, alternative text for images, no empty link. Read from the
    HTML the browser holds, so it works with JavaScript off too."""
    doc = lxml.html.fromstring(html)
    out = [] if doc.get("lang") else ["html without lang"]
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    if levels.count(1) != 1:
        out.append(f"{levels.count(1)} h1")
    out += [f"h{a} → h{b}" for a, b in itertools.pairwise(levels) if b > a + 1]
    labelled = {label.get("for") for label in doc.iter("label")}
    for el in doc.xpath("//input[not(@type='hidden')]|//select|//textarea"):
        if el.get("id") not in labelled and not el.get("aria-label") and not el.xpath("ancestor::label"):
            out.append(f"unlabelled {el.get('name')}")
    out += [f"img without alt {img.get('src')}" for img in doc.iter("img") if img.get("alt") is None]
    out += [f"empty link {a.get('href')}" for a in doc.iter("a") if not a.text_content().strip()]
    return out
