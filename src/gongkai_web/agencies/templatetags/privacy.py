"""``{% personal app "phone" %}``: a personal field of an application as the signed-in user may see it
(:mod:`gongkai_web.agencies.privacy`)."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai_web.agencies import privacy

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context: template.Context, application: Any, field: str) -> str:
    request = context.get("request")
    return privacy.shown(getattr(request, "user", None), application, field)


@register.simple_tag(takes_context=True)
def sees_personal_data(context: template.Context, application: Any) -> bool:
    request = context.get("request")
    return privacy.sees_personal_data(getattr(request, "user", None), application.agency)
