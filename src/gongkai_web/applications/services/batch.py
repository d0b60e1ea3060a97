"""Assigning one handler to many applications at once (the 台账's batch action): each application through
:func:`~.lifecycle.assign_handler` — its permission, status and version checked, its own audit entry — and
all in one transaction, so either every selected application is assigned or none is."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai_web.agencies.models import User
from gongkai_web.applications.models import Application
from gongkai_web.applications.services.lifecycle import assign_handler
from gongkai_web.applications.transitions import StaleVersionError, TransitionError

MAX_BATCH = 200


def assign_handlers(actor: User, selected: Sequence[tuple[int, int]], handler: User) -> int:
    """Assign ``handler`` to each ``(application id, version shown)``; the number assigned. A stale or
    not-assignable application refuses the whole batch with its 查询码 in the reason."""
    if not selected:
        raise TransitionError(_("请先勾选要指定承办人的申请"))
    if len(selected) > MAX_BATCH:
        raise TransitionError(_("一次最多为 %(n)d 件申请指定承办人") % {"n": MAX_BATCH})
    versions = dict(selected)
    apps = {a.pk: a for a in Application.objects.filter(pk__in=versions).select_related("agency")}
    if len(apps) != len(versions):
        raise TransitionError(_("所选申请中有的已不存在，请刷新页面后重试"))
    with transaction.atomic():
        for pk in sorted(versions):  # one lock order for every batch: no deadlock between two batches
            app = apps[pk]
            try:
                assign_handler(actor, app, expected_version=versions[pk], handler=handler)
            except StaleVersionError as exc:
                raise StaleVersionError(
                    _("申请 %(code)s 已被他人修改，请刷新页面后重新操作（本次未指定任何申请）")
                    % {"code": app.tracking_code}
                ) from exc
            except TransitionError as exc:
                why = {"code": app.tracking_code, "why": exc}
                raise TransitionError(_("申请 %(code)s：%(why)s（本次未指定任何申请）") % why) from exc
    return len(versions)
