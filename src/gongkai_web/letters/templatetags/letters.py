"""``{% letters_block app %}``: the letters card of an application's page — the letters issued (文号, date,
Word and PDF) and a button for each letter that can be issued now."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai_web.agencies import privacy
from gongkai_web.agencies.permissions import can
from gongkai_web.letters import services as s
from gongkai_web.letters.models import Letter

register = template.Library()


@register.inclusion_tag("letters/block.html", takes_context=True)
def letters_block(context: template.Context, app: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    letters = list(
        Letter.objects.filter(application=app)
        .defer("docx", "pdf", "text")
        .select_related("issued_by")
        .order_by("issued_on", "id")
    )
    may_issue = can(user, s.ISSUE_PERMISSION, app.agency)
    events = list(app.events.order_by("date", "id")) if may_issue else []
    return {
        "app": app,
        "letters": letters,
        "issuable": s.issuable(app, events, {letter.kind for letter in letters}) if may_issue else [],
        "may_download": privacy.sees_personal_data(user, app.agency),
        "csrf_token": context.get("csrf_token"),
    }
