"""Sign-in throttling (django-axes), the audit of failed sign-ins, and the Content-Security-Policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import gongkai_web
from gongkai_web.agencies.models import AuditEntry, User

pytestmark = pytest.mark.django_db
PASSWORD = "pw-123456"  # the factories' password


def _login(client: Client, username: str, password: str) -> int:
    return client.post(reverse("login"), {"username": username, "password": password}).status_code


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_fifty_wrong_passwords_then_the_right_one_does_not_sign_in(client: Client, handler: User) -> None:
    codes = [_login(client, handler.username, f"wrong-{i}") for i in range(50)]
    assert codes[:4] == [200] * 4 and set(codes[5:]) == {429}
    response = client.post(reverse("login"), {"username": handler.username, "password": PASSWORD})
    assert response.status_code == 429 and not _signed_in(client)
    assert "登录已暂时锁定" in response.text and "请 15 分钟后再试" in response.text
    failed = AuditEntry.objects.filter(action="login_failed", object_id=str(handler.pk))
    assert failed.count() >= 5 and failed.first().agency == handler.agency
    assert failed.first().after["ip"] == "127.0.0.1"
    assert AuditEntry.objects.filter(action="login_locked", object_repr=handler.username).exists()


def test_a_few_mistakes_then_the_right_password_signs_in(client: Client, handler: User) -> None:
    for i in range(4):
        _login(client, handler.username, f"wrong-{i}")
    assert _login(client, handler.username, PASSWORD) == 302 and _signed_in(client)


def test_the_lock_is_for_that_account_from_that_address(handler: User, approver: User) -> None:
    attacker = Client(REMOTE_ADDR="10.0.0.9")
    for i in range(6):
        _login(attacker, handler.username, f"wrong-{i}")
    office = Client(REMOTE_ADDR="10.0.0.1")
    assert _login(office, handler.username, PASSWORD) == 302
    assert _login(Client(REMOTE_ADDR="10.0.0.9"), approver.username, PASSWORD) == 302


def test_a_failed_sign_in_of_an_unknown_name_is_audited(client: Client, staff: dict[str, User]) -> None:
    _login(client, "nobody", "x")
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.object_repr == "nobody" and entry.agency is None and entry.actor is None


def test_every_page_has_a_content_security_policy_and_the_inline_script_its_nonce(
    client: Client, handler: User
) -> None:
    response = client.get(reverse("disclosures:catalogue"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    other = client.get(reverse("disclosures:catalogue"))["Content-Security-Policy"]
    assert other != policy  # a fresh nonce per response


def test_templates_have_no_script_the_policy_would_block() -> None:
    """Inline event handlers and inline scripts without the nonce would be blocked by the browser."""
    root = Path(gongkai_web.__file__).parent
    problems = []
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\son[a-z]+\s*=", text) or "javascript:" in text:
            problems.append(f"{path.name}: inline handler")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'nonce="{{ request.csp_nonce }}"' not in tag:
                problems.append(f"{path.name}: {tag}")
    assert problems == []
