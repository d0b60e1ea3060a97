"""What every service function of an application shares: the audited fields, today's date, the date check,
the event record and the clock cache (re-derived from the events by the core)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.clock import ClockInputError, derive_clock
from gongkai_web.agencies.models import User
from gongkai_web.applications.models import Application, ApplicationEvent
from gongkai_web.applications.transitions import TransitionError

AUDITED = (
    "status",
    "received_on",
    "receipt_basis",
    "handler",
    "outcome",
    "article",
    "decided_on",
    "closed_on",
    "void_reason",
    "due_on",
    "due_provisional",
    "clock_status",
    "version",
)


def today() -> dt.date:
    return timezone.localdate()


def check_date(day: dt.date, what: str) -> None:
    if day > today():
        raise TransitionError(_("%(what)s不能晚于今天") % {"what": what})


def recompute_clock(app: Application, events: Iterable[ApplicationEvent] | None = None) -> None:
    """Refresh the cached due date and clock status from the stored events (as of today)."""
    if app.received_on is None:
        app.due_on, app.due_provisional, app.clock_status = None, False, ""
        return
    evs = list(app.events.all()) if events is None else list(events)
    try:
        clock = derive_clock(app.core_application(evs), as_of=today())
    except ClockInputError as exc:
        raise TransitionError(exc.detail or exc.message) from exc
    app.due_on = clock.due
    app.due_provisional = clock.provisional
    app.clock_status = clock.status.value


def check_handler(handler: User | None, agency_id: int) -> None:
    if handler is not None and handler.agency_id != agency_id:
        raise TransitionError(_("承办人须为本机构人员"), field="handler")


def record_event(
    app: Application, actor: User | None, kind: str, day: dt.date, **fields: Any
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(application=app, kind=kind, date=day, actor=actor, **fields)


def refresh_clock(application: Application) -> bool:
    """Recompute one application's cached clock as of today (no audit: nothing happened).

    True if it changed."""
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        old = (app.due_on, app.due_provisional, app.clock_status)
        recompute_clock(app)
        if old == (app.due_on, app.due_provisional, app.clock_status):
            return False
        Application.objects.filter(pk=app.pk).update(
            due_on=app.due_on, due_provisional=app.due_provisional, clock_status=app.clock_status
        )
        return True
