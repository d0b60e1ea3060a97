"""``{% table_rows rows columns %}``: the body rows of a table view (``analysis.tables.Cell`` rows) written in
one pass — as template loops, a region's tables cost more than the rest of its page."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from gongkai_web.analysis.tables import Cell

register = template.Library()


@register.simple_tag
def table_rows(rows: Sequence[Sequence[Cell]], columns: int) -> SafeString:
    """A number (or a "—") is right-aligned (``class="num"``), the first column never."""
    if not rows:
        return mark_safe(
            f'<tr><td colspan="{int(columns)}" class="empty">{escape(gettext("没有数据"))}</td></tr>'
        )
    out = []
    for row in rows:
        cells = [
            f'<td class="num">{escape(c.text)}</td>'
            if (i and c.value is not None) or c.text == "—"
            else f"<td>{escape(c.text)}</td>"
            for i, c in enumerate(row)
        ]
        out.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("\n".join(out))  # every text escaped above
