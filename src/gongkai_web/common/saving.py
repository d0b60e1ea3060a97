"""The one way a versioned record is changed: lock it, check who may and the version the form was opened
with, let the caller change it, save it with a conditional ``UPDATE … WHERE version = old`` and write the
audit entry with the fields before and after — all in one transaction, or nothing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from gongkai_web.agencies import audit
from gongkai_web.agencies.models import User
from gongkai_web.agencies.permissions import require
from gongkai_web.common.errors import WebError

M = TypeVar("M", bound=models.Model)


@contextmanager
def versioned_update(
    actor: User,
    obj: M,
    *,
    expected_version: int | None,
    permission: str,
    action: str,
    audited: Sequence[str],
    saved: Iterable[str] = (),
    error: type[WebError] = WebError,
    reason: str = "",
) -> Iterator[M]:
    """Yield the locked, fresh copy of ``obj`` to change; on leaving the block save it and audit ``action``.

    ``audited`` fields are logged (and saved); ``saved`` names further fields the change may touch. A stale
    ``expected_version`` (``None``: not checked) or a concurrent save raises ``error.stale()``; a
    permission problem raises :class:`~django.core.exceptions.PermissionDenied`; any exception in the
    block rolls back. ``reason`` (a correction's, a voiding's) is kept in the audit entry beside the
    fields."""
    model = type(obj)
    with transaction.atomic():
        fresh = model._default_manager.select_for_update().select_related("agency").get(pk=obj.pk)
        agency = fresh.agency  # type: ignore[attr-defined]
        require(actor, permission, agency)
        old = fresh.version  # type: ignore[attr-defined]
        if expected_version is not None and old != expected_version:
            raise error.stale()
        before = audit.snapshot(fresh, audited)
        yield fresh
        fresh.version = old + 1  # type: ignore[attr-defined]
        values = _values(fresh, (*audited, *saved, "version"))
        if not model._default_manager.filter(pk=fresh.pk, version=old).update(**values):
            raise error.stale()
        after = audit.snapshot(fresh, audited)
        if reason:
            after[audit.REASON] = reason
        audit.record(actor, action, fresh, agency=agency, before=before, after=after)


def _values(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """The named fields by column (foreign keys by id), ``auto_now`` fields set to now."""
    out: dict[str, Any] = {}
    for name in dict.fromkeys(names):
        field = obj._meta.get_field(name)
        out[getattr(field, "attname", name)] = getattr(obj, getattr(field, "attname", name))
    for field in obj._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            out[field.attname] = timezone.now()
    return out
