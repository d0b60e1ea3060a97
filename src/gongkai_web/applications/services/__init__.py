"""The life cycle of an application. Every state change goes through one of these functions, which (in ONE
transaction) checks the transition against :data:`~gongkai_web.applications.transitions.TRANSITIONS`
(permission and current status) and the optimistic-locking version, records the event, moves the status,
recomputes the clock with :func:`gongkai.clock.derive_clock` and writes the audit log.

A transition's function takes the actor, the application, ``expected_version`` and the fields of the
transition's form as keyword arguments (:data:`PERFORM` maps each transition to its function).

- :mod:`.intake`: new applications (:func:`submit_online_application`, :func:`register_application`) and
  documents (:func:`attach_document`);
- :mod:`.corrections`: :func:`correct_application`, intake details corrected with a reason;
- :mod:`.lifecycle`: the transitions, from :func:`confirm_online_application` to :func:`close_application`;
- :mod:`.base`: what they share (:func:`today`, :func:`recompute_clock`, :func:`refresh_clock`).

Errors for people: :class:`TransitionError` (not allowed now, with a Chinese reason),
:class:`StaleVersionError` (someone else changed the application since the form was opened),
:class:`~django.core.exceptions.PermissionDenied`.
"""

from __future__ import annotations

from gongkai_web.applications.models import APPLICANT_FIELDS
from gongkai_web.applications.services.base import AUDITED, recompute_clock, refresh_clock, today
from gongkai_web.applications.services.batch import assign_handlers
from gongkai_web.applications.services.corrections import CORRECTABLE, correct_application
from gongkai_web.applications.services.intake import (
    attach_document,
    register_application,
    submit_online_application,
)
from gongkai_web.applications.services.lifecycle import (
    PERFORM,
    assign_handler,
    close_application,
    confirm_online_application,
    end_consultation,
    extend_deadline,
    receive_correction,
    record_decision,
    record_payment,
    request_correction,
    send_fee_notice,
    start_consultation,
    void_application,
    withdraw_application,
)
from gongkai_web.applications.transitions import StaleVersionError, TransitionError

__all__ = [
    "APPLICANT_FIELDS",
    "AUDITED",
    "CORRECTABLE",
    "PERFORM",
    "StaleVersionError",
    "TransitionError",
    "assign_handler",
    "assign_handlers",
    "attach_document",
    "close_application",
    "confirm_online_application",
    "correct_application",
    "end_consultation",
    "extend_deadline",
    "receive_correction",
    "recompute_clock",
    "record_decision",
    "record_payment",
    "refresh_clock",
    "register_application",
    "request_correction",
    "send_fee_notice",
    "start_consultation",
    "submit_online_application",
    "today",
    "void_application",
    "withdraw_application",
]
