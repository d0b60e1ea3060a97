"""``gongkai serve``: the core imports no Django at module level; migrations, demo data, the printed address."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

import gongkai.cli.serve  # the serve command registers itself on ``gongkai.cli.app``
from gongkai.cli import app
from gongkai_web.agencies.models import Agency, User
from gongkai_web.applications.models import Application


def test_importing_serve_does_not_import_django() -> None:
    code = "import sys, gongkai.cli, gongkai.cli.serve; assert 'django' not in sys.modules, 'django imported'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db(transaction=True)
def test_serve_migrates_loads_demo_and_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []

    class FakeServer:
        def __init__(self, app: Any, **kw: Any) -> None:
            calls.append((kw["host"], kw["port"], kw["threads"]))

        def run(self) -> None:
            pass

    monkeypatch.setattr("waitress.create_server", FakeServer)
    from gongkai.cli import _register

    _register()
    result = CliRunner().invoke(app, ["serve", "--port", "8123", "--demo"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/" in result.output and "演示账号" in result.output
    assert calls == [("127.0.0.1", 8123, gongkai.cli.serve.THREADS)]
    assert Agency.objects.filter(code="DEMO-GOV").exists()
    assert User.objects.filter(username="shenhe").exists()
    assert Application.objects.filter(status="submitted").count() == 1
    assert Application.objects.filter(appeals__isnull=False).distinct().count() == 1
    again = CliRunner().invoke(app, ["serve", "--port", "8123", "--demo"])
    assert "已加载" in again.output
    assert gongkai.cli.serve.DEFAULT_SETTINGS.endswith("local")


@pytest.mark.django_db(transaction=True)
def test_first_start_says_how_to_get_an_account_and_admin_creates_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("waitress.create_server", lambda *a, **kw: SimpleNamespace(run=lambda: None))
    from gongkai.cli import _register

    _register()
    result = CliRunner().invoke(app, ["serve", "--port", "8124"])
    assert result.exit_code == 0, result.output
    assert "尚无工作人员账号：加 --admin 用户名 创建系统管理员" in result.output
    result = CliRunner().invoke(app, ["serve", "--port", "8124", "--admin", "wang"])
    assert "已创建系统管理员 wang，初始密码：" in result.output
    password = result.output.split("初始密码：")[1].split("（")[0]
    user = User.objects.get(username="wang")
    assert user.is_superuser and user.role == "admin" and user.check_password(password)
    assert "尚无工作人员账号" not in result.output
    again = CliRunner().invoke(app, ["serve", "--port", "8124", "--admin", "wang"])
    assert "账号 wang 已存在" in again.output


def test_serve_without_the_web_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from gongkai.cli import _register

    _register()
    monkeypatch.setattr(gongkai.cli.serve, "web_installed", lambda: False)
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2
    assert 'pip install "gongkai[web]"' in result.output


@pytest.mark.django_db(transaction=True)
def test_demo_accounts_with_the_published_password_are_not_served_beyond_this_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[str] = []
    monkeypatch.setattr(
        "waitress.create_server", lambda app, **kw: SimpleNamespace(run=lambda: started.append(kw["host"]))
    )
    from gongkai.cli import _register

    _register()
    refused = CliRunner().invoke(app, ["serve", "--demo", "--host", "0.0.0.0", "--port", "8125"])
    assert refused.exit_code == 2 and started == []
    assert "拒绝在 0.0.0.0 上启动" in refused.output and "gongkai-demo" in refused.output
    assert "admin、bangong、baomi、chengban、dengji、jiandu、shenhe、zhengfu" in refused.output
    local = CliRunner().invoke(app, ["serve", "--demo", "--host", "127.0.0.1", "--port", "8125"])
    assert local.exit_code == 0 and started == ["127.0.0.1"]
    for user in User.objects.all():
        user.set_password("a-real-password-2026")
        user.save()
    shared = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "8125"])
    assert shared.exit_code == 0, shared.output
    assert started == ["127.0.0.1", "0.0.0.0"]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.10", False),
        ("::", False),
        ("gongkai.example.cn", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert gongkai.cli.serve.is_loopback(host) is loopback
