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
    # Imported for their side effect of adding commands to ``app``; a module missing from this build is skipped.
    import importlib

    for name in ("reports", "render", "debug", "deadline", "serve"):
        try:
            importlib.import_module(f"gongkai.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"gongkai.cli.{name}":
                raise


def main() -> None:
    _register()
    app()
