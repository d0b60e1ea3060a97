"""New applications (the public form, staff intake) and their documents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.clock import ReceiptBasis
from gongkai_web.agencies import audit
from gongkai_web.agencies.models import Agency, User
from gongkai_web.agencies.permissions import require
from gongkai_web.applications.choices import (
    Channel,
    DocumentKind,
    Status,
)
from gongkai_web.applications.models import APPLICANT_FIELDS, Application, Document
from gongkai_web.applications.services.base import AUDITED, check_date, check_handler, recompute_clock
from gongkai_web.applications.transitions import (
    TransitionError,
)
from gongkai_web.applications.uploads import check_upload


def submit_online_application(
    *, agency: Agency, data: dict[str, Any], upload: UploadedFile | None = None
) -> Application:
    """The public form: the application waits (待登记) until the office confirms it (Art. 31 (三))."""
    if not agency.accepts_applications:
        raise TransitionError(_("该机构暂不受理网上申请"))
    with transaction.atomic():
        app = Application(agency=agency, channel=Channel.ONLINE, status=Status.SUBMITTED)
        for name in APPLICANT_FIELDS:
            if name in data:
                setattr(app, name, data[name])
        app.full_clean(exclude=["receipt_basis", "received_on", "tracking_code"])
        app.save()
        if upload is not None:
            store_document(app, None, DocumentKind.REQUEST, upload)
        audit.record(
            None,
            "submit",
            app,
            agency=agency,
            before=None,
            after=audit.snapshot(app, AUDITED),
            actor_label=_("申请人（网上）"),
        )
    return app


def register_application(
    actor: User,
    *,
    agency: Agency,
    data: dict[str, Any],
    received_on: dt.date,
    basis: str,
    channel: str = Channel.IN_PERSON,
    handler: User | None = None,
) -> Application:
    """Register a request received in person, by mail or fax: the clock starts on the day of receipt under
    ``basis`` (Art. 31)."""
    check_date(received_on, _("收到申请之日"))
    basis = ReceiptBasis(basis).value
    check_handler(handler, agency.pk)
    require(actor, "register", agency)
    with transaction.atomic():
        app = Application(
            agency=agency,
            channel=channel,
            status=Status.OPEN,
            received_on=received_on,
            receipt_basis=basis,
            handler=handler,
        )
        for name in APPLICANT_FIELDS:
            if name in data:
                setattr(app, name, data[name])
        app.full_clean(exclude=["tracking_code"])
        recompute_clock(app, events=())
        app.save()
        audit.record(actor, "register", app, agency=agency, before=None, after=audit.snapshot(app, AUDITED))
    return app


def store_document(app: Application, actor: User | None, kind: str, upload: UploadedFile) -> Document:
    try:
        content_type = check_upload(upload)
    except ValidationError as exc:
        raise TransitionError(exc.messages[0], field="upload") from exc
    name = (upload.name or "file")[-200:]
    return Document.objects.create(
        application=app,
        kind=kind,
        file=upload,
        name=name,
        size=upload.size or 0,
        content_type=content_type,
        uploaded_by=actor,
    )


def attach_document(actor: User, application: Application, *, kind: str, upload: UploadedFile) -> Document:
    require(actor, "attach", application.agency)
    if kind not in DocumentKind.values:
        raise TransitionError(_("材料类型无效"), field="kind")
    with transaction.atomic():
        doc = store_document(application, actor, kind, upload)
        audit.record(
            actor,
            "attach",
            application,
            agency=application.agency,
            before=None,
            after={"document": doc.pk, "name": doc.name, "size": doc.size, "kind": kind},
        )
    return doc
