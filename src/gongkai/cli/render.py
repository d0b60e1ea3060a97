"""``gongkai render REPORT --to docx|pdf|html|xlsx|txt|md -o OUT [--strict]``: the official layout.

REPORT is gongkai's JSON form or any report file the readers accept. Exit 0 when the file is written, 2
when the input or the usage is unusable (or ``--strict`` and the report has error-level findings), with
one Chinese line on stderr.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gongkai.cli import app
from gongkai.cli.reports import DebugOpt, _guard
from gongkai.errors import InputError
from gongkai.read import load_any


class RenderFormat(StrEnum):
    docx = "docx"
    pdf = "pdf"
    html = "html"
    xlsx = "xlsx"
    txt = "txt"
    md = "md"


class OutputNotWritable(InputError):
    code = "output-not-writable"
    message = "无法写入输出文件"
    hint = "请检查目录是否存在、是否有写入权限"


@app.command("render")
def render_command(
    report_path: Annotated[Path, typer.Argument(metavar="REPORT", help="报告 JSON，或文本、网页等报告文件")],
    to: Annotated[RenderFormat, typer.Option("--to", help="输出格式")],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件")],
    strict: Annotated[
        bool, typer.Option("--strict", help="报告有错误级问题时不生成文件（退出码 2）")
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """按官方格式生成年度报告（Word、PDF、网页、Excel、文本、Markdown）。"""
    from gongkai.render import render_report

    def run() -> None:
        report, _ = load_any(report_path)
        data = render_report(report, to.value, strict=strict)
        try:
            output.write_bytes(data)
        except (FileNotFoundError, IsADirectoryError, PermissionError, NotADirectoryError) as exc:
            raise OutputNotWritable(type(exc).__name__, file=str(output)) from None

    _guard(debug, run)
