"""Uploaded documents: a size limit and a type check on both the name and the first bytes of the file."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# extension → (content type, accepted leading bytes)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".ofd": ("application/ofd", (b"PK\x03\x04",)),
    ".txt": ("text/plain", ()),
}


def check_upload(upload: UploadedFile) -> str:
    """Return the content type to store, or raise :class:`ValidationError` with a Chinese message."""
    limit = settings.GONGKAI_UPLOAD_MAX_BYTES
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            _("文件过大：%(size).1f MB，上限为 %(limit).0f MB")
            % {"size": size / 1024 / 1024, "limit": limit / 1024 / 1024},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("文件为空"), code="empty")
    ext = PurePath(upload.name or "").suffix.lower()
    if ext not in ALLOWED:
        raise ValidationError(
            _("不支持的文件类型“%(ext)s”，可上传：%(allowed)s")
            % {"ext": ext or _("无扩展名"), "allowed": "、".join(e.lstrip(".") for e in ALLOWED)},
            code="type",
        )
    content_type, magics = ALLOWED[ext]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if magics and not any(head.startswith(m) for m in magics):
        raise ValidationError(_("文件内容与扩展名“%(ext)s”不符") % {"ext": ext}, code="content")
    if not magics:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            upload.seek(0)
            if b"\x00" in upload.read(4096):
                raise ValidationError(_("文本文件中含有二进制内容"), code="content") from None
            upload.seek(0)
    return content_type
