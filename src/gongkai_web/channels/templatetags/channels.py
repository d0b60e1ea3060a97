from __future__ import annotations

from typing import Any

from django import template

from gongkai_web.agencies.permissions import can
from gongkai_web.channels.models import Channel

register = template.Library()


@register.simple_tag(takes_context=True)
def placement_choices(context: dict[str, Any], item: Any) -> dict[str, Any]:
    """For an entry's page: the channels it went through and, for who may record them, the agency's
    channels to choose from."""
    request = context.get("request")
    user = getattr(request, "user", None)
    placed = {p.channel_id for p in item.placements.all()}
    editable = user is not None and can(user, "publish", item.agency) and item.status == "published"
    channels = list(Channel.objects.filter(agency=item.agency, active=True)) if editable else []
    return {
        "placed": [p.channel for p in item.placements.select_related("channel")],
        "editable": editable,
        "choices": [(c, c.pk in placed) for c in channels],
    }
