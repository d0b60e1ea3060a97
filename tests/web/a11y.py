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


#: In the browser: every visible element with its own text whose contrast against the background it stands on
#: is below WCAG 2.1 AA (4.5:1; 3:1 for large text: 24 px, or 18.66 px bold), against the background it stands
#: on (see ``backgrounds`` below).
_CONTRAST_JS = r"""
() => {
  const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return [0, 0, 0, 0];
    const p = m[1].split(',').map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const blend = (fg, bg) => [0, 1, 2].map(i => fg[i] * fg[3] + bg[i] * (1 - fg[3])).concat([1]);
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  // the backgrounds the text may stand on: the nearest opaque colour up the tree (white at the root), with
  // translucent layers blended, or every colour stop of the nearest gradient (the worst one counts)
  const backgrounds = (el) => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const st = getComputedStyle(e);
      if (st.backgroundImage.includes('gradient')) {
        const stops = st.backgroundImage.match(/rgba?\([^)]+\)/g) || [];
        if (stops.length) return stops.map(c => parse(c)).map(c => c[3] >= 1 ? c : blend(c, [255, 255, 255, 1]));
      }
      const c = parse(st.backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let bg = [255, 255, 255, 1]; for (const c of layers.reverse()) bg = blend(c, bg); return [bg]; };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) continue;
    if (el.closest('[aria-hidden=true]') || el.disabled) continue;
    const ratio = Math.min(...backgrounds(el).map(bg => { const fg = blend(parse(s.color), bg);
      const a = lum(fg), b = lum(bg); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }));
    const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < need) out.push(`${el.tagName.toLowerCase()} “${el.textContent.trim().slice(0, 20)}” `
      + `${ratio.toFixed(2)}:1 < ${need}:1`);
  }
  return out;
}
"""


def contrast_problems(page: object) -> list[str]:
    """Text on the page in ``page`` (a Playwright page) below WCAG AA contrast."""
    return page.evaluate(_CONTRAST_JS)  # type: ignore[attr-defined, no-any-return]
