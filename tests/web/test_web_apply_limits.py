"""The anonymous application form: a size cap checked before the body is read, and per-address and global
rate limits, each a Chinese page (413, 429) — and nothing saved."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def _form(agency: Agency, attachment: bytes | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agency": str(agency.pk),
        "applicant_type": "natural_person",
        "applicant_name": "张三",
        "content": "申请公开某地块的土地出让合同",
        "phone": "13800000000",
        "delivery": "post",
        "format_wanted": "paper",
    }
    if attachment is not None:
        data["attachment"] = SimpleUploadedFile("申请书.pdf", attachment, content_type="application/pdf")
    return data


def test_twenty_posts_with_ten_megabytes_each_are_not_all_accepted(client: Client, agency: Agency) -> None:
    pdf = b"%PDF-1.4\n" + b"0" * (10 * MB - 100)
    codes = [client.post(reverse("applications:apply"), _form(agency, pdf)).status_code for _ in range(20)]
    assert codes[:10] == [302] * 10 and codes[10:] == [429] * 10
    assert Application.objects.count() == 10


def test_the_429_page_is_chinese_and_says_when_to_come_back(client: Client, agency: Agency) -> None:
    for _ in range(10):
        client.post(reverse("applications:apply"), _form(agency))
    response = client.post(reverse("applications:apply"), _form(agency))
    assert response.status_code == 429 and "提交过于频繁" in response.text and "分钟后再提交" in response.text
    assert 0 < int(response["Retry-After"]) <= 3600
    assert client.get(reverse("applications:apply")).status_code == 200  # reading the form is not limited


@override_settings(GONGKAI_APPLY_RATE_PER_IP=100, GONGKAI_APPLY_RATE_GLOBAL=15)
def test_a_global_limit_holds_across_addresses(agency: Agency) -> None:
    codes = [
        Client(REMOTE_ADDR=f"10.0.{i}.1").post(reverse("applications:apply"), _form(agency)).status_code
        for i in range(20)
    ]
    assert codes.count(302) == 15 and codes.count(429) == 5


def test_another_address_is_not_limited_by_the_first(agency: Agency) -> None:
    first = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(11):
        first.post(reverse("applications:apply"), _form(agency))
    assert (
        Client(REMOTE_ADDR="10.0.0.2").post(reverse("applications:apply"), _form(agency)).status_code == 302
    )


class _Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readinto(self, b: Any) -> int:
        raise AssertionError("the body was read")


def test_an_oversized_post_is_refused_by_its_length_before_the_body_is_read(client: Client) -> None:
    response = client.generic(
        "POST",
        reverse("applications:apply"),
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * MB),
        **{"wsgi.input": _Unreadable()},
    )
    assert response.status_code == 413 and "提交的内容过大" in response.text and "11 MB" in response.text
    assert not Application.objects.exists()


def test_a_post_with_many_files_is_refused(client: Client, agency: Agency) -> None:
    files = {f"file{i}": SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4\n") for i in range(4)}
    response = client.post(reverse("applications:apply"), {**_form(agency), **files})
    assert response.status_code == 400 and "请求有误" in response.text
    assert not Application.objects.exists()
