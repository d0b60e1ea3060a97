"""``gongkai serve``: start the agency ledger (the Django application :mod:`gongkai_web`) on this machine.

The core never imports Django: this module reaches it only through :func:`importlib.import_module` inside the
command, after setting ``DJANGO_SETTINGS_MODULE`` (import-linter contract "The core never imports Django").
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from typing import Annotated, Any

import typer

from gongkai.cli import app

DEFAULT_SETTINGS = "gongkai_web.config.settings.local"

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
    if host not in ("127.0.0.1", "localhost", "::1"):
        os.environ.setdefault("GONGKAI_HOSTS", host)
    management = setup_django()
    if demo:
        management.call_command("load_demo")
    if admin:
        management.call_command("create_admin", admin)
    user_model = importlib.import_module("django.contrib.auth").get_user_model()
    if not user_model.objects.exists():
        typer.echo("尚无工作人员账号：加 --admin 用户名 创建系统管理员，或加 --demo 载入演示机构和账号。")
    settings = importlib.import_module("django.conf").settings
    db = settings.DATABASES["default"]
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"数据库：{db['NAME']}")
    typer.echo(f"政府信息公开工作台已启动：http://{shown}:{port}/  （按 Ctrl+C 停止）")
    # batches left queued by a stopped server go on (the embedded worker; with a broker, workers do it)
    importlib.import_module("gongkai_web.supervision.queue").resume()
    basehttp = importlib.import_module("django.core.servers.basehttp")
    wsgi = importlib.import_module("django.core.wsgi").get_wsgi_application()
    try:
        basehttp.run(host, port, wsgi, ipv6=":" in host, threading=True)
    except KeyboardInterrupt:
        typer.echo("已停止。")
