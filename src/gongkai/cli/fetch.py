"""``gongkai fetch URL…`` and ``gongkai discover COLUMN_URL --year Y``: the website fetching of the watch
(:mod:`gongkai.fetch`) for researchers, with the same politeness (robots.txt, per-host pacing, retries, size
limit, a User-Agent naming gongkai) and a progress bar on stderr.

``fetch`` saves each URL's content under ``--out`` (named after the URL's last path part) and prints one line
per URL (``status bytes sha256 url → file``, or the reason); ``--format json`` prints one JSON record per
request made. ``discover`` lists a column's reports of the year (``title  date  url``); with ``--collect`` it
also fetches each report's page and attachments, reads them, says where page and attachment differ, and saves
the documents under ``--out``. Exit 0 when everything was had, 2 when some URL or column could not be."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import unquote, urlsplit

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from gongkai.cli import app
from gongkai.cli.reports import EXIT_CLEAN, EXIT_UNUSABLE, OutputFormat, err
from gongkai.fetch import FetchConfig, FetchRecord, PoliteClient, collect, discover, user_agent

IntervalOpt = Annotated[float, typer.Option("--interval", help="同一网站两次请求之间的最短间隔（秒）")]
PerHostOpt = Annotated[int, typer.Option("--per-host", help="同一网站同时进行的请求数上限")]
ContactOpt = Annotated[str, typer.Option("--contact", help="写入 User-Agent 的联系方式（邮箱或网址）")]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="保存抓取内容的目录")]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="输出格式")]


@contextmanager
def _bar(label: str, total: int | None) -> Iterator[Callable[[str], None]]:
    if not err.is_terminal:
        yield lambda _d: None
        return
    with Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total)
        yield lambda description: progress.update(task, advance=1, description=description[-60:])


def _config(interval: float, per_host: int, contact: str) -> FetchConfig:
    return FetchConfig(
        per_host_interval=interval, per_host_concurrency=per_host, user_agent=user_agent(contact)
    )


def _save(out: Path | None, url: str, content: bytes, n: int) -> str:
    if out is None:
        return ""
    out.mkdir(parents=True, exist_ok=True)
    name = Path(unquote(urlsplit(url).path)).name or "index.html"
    path = out / f"{n:03d}-{name}"
    path.write_bytes(content)
    return str(path)


def _record(record: FetchRecord) -> dict[str, Any]:
    data = asdict(record)
    data["started_at"] = record.started_at.isoformat()
    return data


@app.command("fetch")
def fetch_command(
    urls: Annotated[list[str], typer.Argument(help="要抓取的网址（可多个）", show_default=False)],
    out: OutOpt = None,
    interval: IntervalOpt = FetchConfig.per_host_interval,
    per_host: PerHostOpt = FetchConfig.per_host_concurrency,
    contact: ContactOpt = "",
    fmt: FormatOpt = OutputFormat.human,
) -> None:
    """礼貌地抓取网址（遵守 robots.txt、限速、重试），保存内容并记录每次请求。"""
    failed = 0
    with PoliteClient(_config(interval, per_host, contact)) as client, _bar("抓取", len(urls)) as advance:
        results = client.fetch_many(urls, progress=lambda got: advance(got.url))
        for n, got in enumerate(results, start=1):
            failed += not got.ok
            if fmt is OutputFormat.json:
                continue
            if got.ok:
                saved = _save(out, got.final_url, got.content, n)
                typer.echo(
                    f"{got.status}\t{len(got.content)}\t{got.sha256}\t{got.final_url}"
                    + (f" → {saved}" if saved else "")
                )
            else:
                err.print(f"{got.url}: {got.error}", markup=False, highlight=False)
        if fmt is OutputFormat.json:
            for record in client.records:
                typer.echo(json.dumps(_record(record), ensure_ascii=False))
    raise typer.Exit(EXIT_UNUSABLE if failed else EXIT_CLEAN)


@app.command("discover")
def discover_command(
    column_url: Annotated[str, typer.Argument(help="机关网站的政府信息公开年报栏目网址", show_default=False)],
    year: Annotated[int | None, typer.Option("--year", help="只列出该年度的报告")] = None,
    collect_reports: Annotated[
        bool, typer.Option("--collect", help="抓取并读取每份报告（页面表格与附件）")
    ] = False,
    out: OutOpt = None,
    interval: IntervalOpt = FetchConfig.per_host_interval,
    per_host: PerHostOpt = FetchConfig.per_host_concurrency,
    contact: ContactOpt = "",
    fmt: FormatOpt = OutputFormat.human,
) -> None:
    """列出年报栏目中的各年度报告（翻页、识别标题与年度），可同时抓取并读取报告。"""
    with PoliteClient(_config(interval, per_host, contact)) as client:
        found = discover(column_url, client, year)
        if found.error:
            err.print(f"{column_url}: 栏目无法访问：{found.error}", markup=False, highlight=False)
            raise typer.Exit(EXIT_UNUSABLE)
        rows: list[dict[str, Any]] = []
        with _bar("抓取报告", len(found.entries) if collect_reports else 0) as advance:
            for n, entry in enumerate(found.entries, start=1):
                row: dict[str, Any] = {
                    "title": entry.title,
                    "year": entry.year,
                    "published": entry.published.isoformat() if entry.published else None,
                    "url": entry.url,
                    "family": found.family,
                }
                if collect_reports:
                    got = collect(entry, client)
                    advance(entry.title)
                    row["published"] = got.published.isoformat() if got.published else row["published"]
                    row["documents"] = [
                        {
                            "kind": d.kind,
                            "url": d.url,
                            "sha256": d.sha256,
                            "read": d.result is not None,
                            "error": d.error,
                            "file": _save(out, d.url, d.content, n),
                        }
                        for d in got.documents
                    ]
                    row["differences"] = got.differences
                    row["error"] = got.error
                rows.append(row)
    failed = False
    for row in rows:
        if fmt is OutputFormat.json:
            typer.echo(json.dumps(row, ensure_ascii=False))
            continue
        typer.echo(f"{row['year']}\t{row['published'] or '—'}\t{row['title']}\t{row['url']}")
        for doc in row.get("documents", []):
            state = "已读取" if doc["read"] else f"未读取：{doc['error']}"
            typer.echo(f"\t{'页面' if doc['kind'] == 'page' else '附件'}\t{state}\t{doc['url']}")
        if row.get("differences"):
            cells = "、".join(row["differences"][:5])
            typer.echo(f"\t页面与附件不一致：{len(row['differences'])} 个单元格（{cells}）")
        if row.get("error"):
            failed = True
            err.print(f"{row['url']}: {row['error']}", markup=False, highlight=False)
    if not rows:
        err.print(
            f"{column_url}: 栏目（{found.family}）中没有找到{year or ''}年度报告",
            markup=False,
            highlight=False,
        )
    raise typer.Exit(EXIT_UNUSABLE if failed or not rows else EXIT_CLEAN)
