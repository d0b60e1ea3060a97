"""The ``gongkai`` command. It depends on the core; the core never imports it.

Each command lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="gongkai",
    help="政府信息公开工作年度报告：解析、检查、生成。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Imported for their side effect of adding commands to ``app``.
    from gongkai.cli import batch, deadline, debug, export, fetch, render, reports, serve, worker  # noqa: F401


def main() -> None:
    _register()
    app()
