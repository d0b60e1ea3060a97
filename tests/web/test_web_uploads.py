"""Uploaded documents: size limit, type by extension AND content, the audit entry, permission to download."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from gongkai_web.agencies.models import AuditEntry, Role, User
from gongkai_web.applications import services as s
from gongkai_web.applications.models import Application, Document
from web.factories import UserFactory, make_application

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def app(frozen: object, registrar: User) -> Application:
    return make_application(registrar, received_on=dt.date(2024, 9, 27))


def test_pdf_is_accepted_and_audited(app: Application, handler: User) -> None:
    doc = s.attach_document(handler, app, kind="reply", upload=SimpleUploadedFile("答复书.pdf", PDF))
    assert doc.content_type == "application/pdf" and doc.size == len(PDF)
    assert app.documents.count() == 1
    entry = AuditEntry.objects.get(action="attach")
    assert (entry.actor, entry.agency, entry.object_type, entry.object_id) == (
        handler,
        app.agency,
        "applications.application",
        str(app.pk),
    )
    assert entry.before is None
    assert entry.after == {"document": doc.pk, "name": "答复书.pdf", "size": len(PDF), "kind": "reply"}


@override_settings(GONGKAI_UPLOAD_MAX_BYTES=1024)
def test_too_large_is_refused(app: Application, handler: User) -> None:
    with pytest.raises(s.TransitionError, match="文件过大"):
        s.attach_document(handler, app, kind="reply", upload=SimpleUploadedFile("a.pdf", PDF + b"0" * 2000))
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "不支持的文件类型"),
        ("fake.pdf", b"<html>not a pdf</html>", "不符"),
        ("scan.png", PDF, "不符"),
        ("empty.pdf", b"", "为空"),
        ("notes.txt", b"\xff\xfe\x00\x00binary", "二进制"),
    ],
)
def test_bad_files_are_refused(
    app: Application, handler: User, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(s.TransitionError, match=message):
        s.attach_document(handler, app, kind="other", upload=SimpleUploadedFile(name, content))
    assert not Document.objects.exists()


def test_upload_and_download_through_the_pages(
    client: Client, app: Application, staff: dict[str, User]
) -> None:
    client.force_login(staff[Role.HANDLER])
    url = reverse("applications:upload", args=[app.pk])
    bad = client.post(url, {"upload-kind": "other", "upload-file": SimpleUploadedFile("x.exe", b"MZ")})
    assert bad.status_code == 400 and "不支持的文件类型" in bad.text
    ok = client.post(url, {"upload-kind": "request", "upload-file": SimpleUploadedFile("申请书.pdf", PDF)})
    assert ok.status_code == 302
    doc = Document.objects.get()
    response = client.get(reverse("applications:download", args=[doc.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    outsider = Client()
    outsider.force_login(UserFactory(role=Role.HANDLER))
    assert outsider.get(reverse("applications:download", args=[doc.pk])).status_code == 403


def test_public_form_with_attachment(client: Client, frozen: object, agency: object) -> None:
    form = {
        "agency": agency.pk,  # type: ignore[attr-defined]
        "applicant_type": "natural_person",
        "applicant_name": "甲",
        "content": "乙",
        "phone": "1",
        "format_wanted": "paper",
        "delivery": "post",
    }
    bad = client.post(
        reverse("applications:apply"), form | {"attachment": SimpleUploadedFile("a.pdf", b"nope")}
    )
    assert bad.status_code == 200 and "不符" in bad.text and not Application.objects.exists()
    ok = client.post(reverse("applications:apply"), form | {"attachment": SimpleUploadedFile("a.pdf", PDF)})
    assert ok.status_code == 302 and Document.objects.get().kind == "request"


def test_an_upload_error_lands_on_the_upload_field_of_each_form(
    client: Client, agency: object, app: Application, handler: User
) -> None:
    form = {
        "agency": agency.pk,  # type: ignore[attr-defined]
        "applicant_type": "natural_person",
        "applicant_name": "甲",
        "content": "乙",
        "phone": "1",
        "format_wanted": "paper",
        "delivery": "post",
    }
    public = client.post(
        reverse("applications:apply"), form | {"attachment": SimpleUploadedFile("a.pdf", b"x")}
    )
    errors = public.context["form"].errors
    assert list(errors) == ["attachment"] and "不符" in errors["attachment"][0]
    client.force_login(handler)
    staff = client.post(
        reverse("applications:upload", args=[app.pk]),
        {"upload-kind": "reply", "upload-file": SimpleUploadedFile("b.pdf", b"x")},
    )
    assert staff.status_code == 400
    assert list(staff.context["upload_form"].errors) == ["file"]
