"""``gongkai serve``: start the agency ledger (the Django application :mod:`gongkai_web`) on this machine.

The core never imports Django: this module reaches it only through :func:`importlib.import_module` inside the
command, after setting ``DJANGO_SETTINGS_MODULE`` (import-linter contract "The core never imports Django").

The server is waitress (a production WSGI server, pure Python); static files are collected into the data
folder at each start and served by WhiteNoise (``gongkai_web.config.settings.local``).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import ipaddress
import os
from typing import Annotated, Any

import typer

from gongkai.cli import app

DEFAULT_SETTINGS = "gongkai_web.config.settings.local"
# waitress worker threads: requests served at once (the SQLite writes among them queue, see settings.base)
THREADS = 8

#: Said when the web application's dependencies (the ``web`` extra) are not installed.
NO_WEB = (
    "gongkai serve 需要网页应用的依赖（Django 等），当前环境未安装。"
    '请安装：pip install "gongkai[web]"（在源码目录中：uv sync 或 uv run gongkai serve）'
)


def web_installed() -> bool:
    return importlib.util.find_spec("django") is not None


def setup_django(settings_module: str = DEFAULT_SETTINGS) -> Any:
    """Configure Django, apply the migrations, and return the module ``django.core.management``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    django = importlib.import_module("django")
    django.setup()
    management = importlib.import_module("django.core.management")
    management.call_command("migrate", interactive=False, verbosity=0)
    return management


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ::1): reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口")] = 8000,
    demo: Annotated[bool, typer.Option("--demo", help="加载演示机构和数据")] = False,
    admin: Annotated[
        str | None, typer.Option("--admin", help="创建系统管理员账号（用户名；密码随机生成并显示一次）")
    ] = None,
) -> None:
    """启动政府信息公开工作台（内置 SQLite 数据库，自动迁移）。"""
    if not web_installed():
        typer.echo(NO_WEB, err=True)
        raise typer.Exit(2)
    if not is_loopback(host):
        os.environ.setdefault("GONGKAI_HOSTS", host)
    management = setup_django()
    if demo:
        management.call_command("load_demo")
    if admin:
        management.call_command("create_admin", admin)
    if not is_loopback(host):
        load_demo = importlib.import_module("gongkai_web.agencies.management.commands.load_demo")
        exposed = load_demo.demo_password_in_force()
        if exposed:
            typer.echo(
                f"拒绝在 {host} 上启动：演示账号 {'、'.join(exposed)} 仍使用公开的演示密码 "
                f"{load_demo.DEMO_PASSWORD}，任何人都能登录。请只在本机地址（127.0.0.1）上演示，"
                "或先在系统管理中修改这些账号的密码或停用它们。",
                err=True,
            )
            raise typer.Exit(2)
    user_model = importlib.import_module("django.contrib.auth").get_user_model()
    if not user_model.objects.exists():
        typer.echo("尚无工作人员账号：加 --admin 用户名 创建系统管理员，或加 --demo 载入演示机构和账号。")
    management.call_command("collectstatic", interactive=False, verbosity=0)
    settings = importlib.import_module("django.conf").settings
    db = settings.DATABASES["default"]
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"数据库：{db['NAME']}")
    typer.echo(f"政府信息公开工作台已启动：http://{shown}:{port}/  （按 Ctrl+C 停止）")
    # batches left queued by a stopped server go on (the embedded worker; with a broker, workers do it)
    importlib.import_module("gongkai_web.supervision.queue").resume()
    # without a broker, the watch of agency websites re-fetches on a schedule in this process
    importlib.import_module("gongkai_web.watch.schedule").start()
    wsgi = importlib.import_module("django.core.wsgi").get_wsgi_application()
    waitress = importlib.import_module("waitress")
    server = waitress.create_server(
        wsgi,
        host=host.strip("[]"),
        port=port,
        threads=THREADS,
        ident="gongkai",
        # waitress reads a whole body before Django sees it: a post over this (the largest legitimate one, a
        # report import, with room for the form) is refused by its Content-Length without being read
        max_request_body_size=settings.GONGKAI_MAX_REQUEST_BYTES,
    )
    with contextlib.suppress(KeyboardInterrupt):
        server.run()  # returns on Ctrl+C (waitress closes its sockets itself)
    typer.echo("已停止。")
