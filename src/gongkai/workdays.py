"""Deprecated: working-day arithmetic moved to :mod:`gongkai.clock` (``gongkai.clock.workdays``).

Kept only for the web application's last caller (``gongkai_web/applications/views.py``, owned by another
branch of issue 11); import :func:`gongkai.clock.default_calendar` instead. It imports the clock, never the
reverse, so there is no cycle.
"""

from gongkai.clock.workdays import default_calendar

__all__ = ["default_calendar"]
