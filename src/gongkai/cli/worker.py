"""``gongkai worker``: process the batch intake's queue (see ``docs/supervision.md``).

With a broker (``CELERY_BROKER_URL`` or ``REDIS_URL``) it is a Celery worker of
``gongkai_web.config.celery``; without one it drains the database queue of the embedded batches in this
process. Like ``serve``, it reaches Django only through :func:`importlib.import_module`."""

from __future__ import annotations

import importlib
import os
import time
from typing import Annotated

import typer

from gongkai.cli import app
from gongkai.cli.serve import NO_WEB, setup_django, web_installed


@app.command("worker")
def worker(
    concurrency: Annotated[int, typer.Option("--concurrency", "-c", help="并行处理的进程数")] = 1,
    pool: Annotated[str, typer.Option("--pool", help="Celery 进程池：prefork、solo 或 threads")] = "prefork",
    loglevel: Annotated[str, typer.Option("--loglevel", help="日志级别")] = "warning",
    once: Annotated[bool, typer.Option("--once", help="无消息队列时：处理完现有任务即退出")] = False,
    beat: Annotated[bool, typer.Option("--beat", help="同时按计划监测机构网站（Celery beat）")] = False,
) -> None:
    """启动批量导入的任务处理进程（设置了 REDIS_URL 或 CELERY_BROKER_URL 时为 Celery 工作进程）。"""
    if not web_installed():
        typer.echo(NO_WEB.replace("gongkai serve", "gongkai worker"), err=True)
        raise typer.Exit(2)
    setup_django(os.environ.get("DJANGO_SETTINGS_MODULE", "gongkai_web.config.settings.local"))
    settings = importlib.import_module("django.conf").settings
    if settings.CELERY_BROKER_URL:
        celery_app = importlib.import_module("gongkai_web.config.celery").app
        typer.echo(f"任务队列：{_safe(settings.CELERY_BROKER_URL)}，{concurrency} 个进程（{pool}）")
        celery_app.worker_main(
            [
                "worker",
                f"--concurrency={concurrency}",
                f"--pool={pool}",
                f"--loglevel={loglevel}",
                "--without-gossip",
                *(["--beat", f"--schedule={_beat_file()}"] if beat else []),
            ]
        )
        return
    embedded = importlib.import_module("gongkai_web.supervision.embedded")
    importlib.import_module("gongkai_web.supervision.queue").freeze_loaded()
    typer.echo("未设置消息队列（REDIS_URL / CELERY_BROKER_URL）：处理数据库中排队的批量导入任务")
    if not once:  # the periodic in-process watch of agency websites
        importlib.import_module("gongkai_web.watch.schedule").start()
    while True:
        done = embedded.drain()
        if done:
            typer.echo(f"已处理 {done} 个文件")
        if once:
            return
        time.sleep(embedded.IDLE_POLL_SECONDS)


def _beat_file() -> str:
    """Where Celery beat keeps its schedule state: the data directory, not the working directory."""
    data_dir = importlib.import_module("django.conf").settings.DATA_DIR
    return os.path.join(str(data_dir), "celerybeat-schedule")


def _safe(url: str) -> str:
    """The broker URL without its password."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
    return url
