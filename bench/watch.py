"""Benchmark of finding and fetching reports on agency websites: a recorded region of N agencies (each its own
loopback site in one of the four CMS layouts: TRS, Hanweb, gkmlpt, a GBK link list behind a script redirect;
the report on the page, in an attachment, or both), every answer delayed by an artificial latency.

    uv run python bench/watch.py                  # N = 500 agencies, 50 ms latency (the issue's figure)
    uv run python bench/watch.py --n 100 --latency 0.05

For each agency: ``discover`` its column for 2024 (robots.txt, every listing page, Hanweb's data proxy,
gkmlpt's JSON), then ``collect`` the report (its page and attachments; not read: reading is bench/parse.py's
figure). Agencies run on ``concurrency`` threads sharing one :class:`gongkai.fetch.PoliteClient`, so the
per-host limits hold. Two runs, same sites:

1. the default politeness (``FetchConfig()``: 0.5 s between requests to a host, 2 at a time per host);
2. no pacing (``per_host_interval = 0``) — what the pacing costs.

The ideal is what the network allows at that concurrency: total bytes / bandwidth + latency × requests /
concurrency (bandwidth: ``--bandwidth``, 100 Mbit/s by default; the loopback is faster, so the byte term is
a nominal link's). The ratio is measured / ideal: the ideal ignores the pacing a polite client owes each site,
so the polite run's ratio shows the pacing's price, and the unpaced run's the client's own overhead.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import gongkai  # noqa: E402
import recorded_sites  # noqa: E402
from gongkai.fetch import FetchConfig, PoliteClient, collect, discover  # noqa: E402

WHERE = ("page", "attachment", "both")


def build_region(n: int, latency: float) -> list[recorded_sites.Site]:
    """N agency sites. The report bodies repeat every few agencies (rendering 500 DOCX files would take
    longer than the figure); titles, listings and URLs are each agency's own."""
    rendered: dict[tuple[int, str], bytes] = {}
    plain_render = gongkai.render_report

    def render(report: gongkai.Report, fmt: str) -> bytes:  # the cached reports are the same objects
        key = (id(report), fmt)
        if key not in rendered:
            rendered[key] = plain_render(report, fmt)
        return rendered[key]

    original = recorded_sites.report_2024
    cached = functools.cache(lambda i: original("平潭综合实验区财政金融局", i))
    recorded_sites.report_2024 = lambda agency, i=0: cached(i % 4)  # type: ignore[assignment]  # type: ignore[assignment]
    recorded_sites.gongkai.render_report = render  # type: ignore[attr-defined]
    sites = []
    for i in range(n):
        family = recorded_sites.FAMILIES[i % 4]
        pub = recorded_sites.Published(f"示例市第{i:03d}局", where=WHERE[(i // 4) % 3], index=i)
        sites.append(recorded_sites.build(family, pub, latency=latency))
    return sites


def crawl(sites: list[recorded_sites.Site], config: FetchConfig) -> tuple[float, int, int, int]:
    """Seconds, requests, bytes, and reports found for every site."""
    with PoliteClient(config) as client:

        def one(site: recorded_sites.Site) -> int:
            found = discover(site.column_url, client, 2024)
            got = [collect(e, client, read=False) for e in found.entries]
            return sum(1 for g in got if g.documents)

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=config.concurrency) as pool:
            found = sum(pool.map(one, sites))
        seconds = time.perf_counter() - start
        return seconds, len(client.records), sum(r.size for r in client.records), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="agencies (sites)")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every answer")
    parser.add_argument("--bandwidth", type=float, default=100.0, help="Mbit/s of the nominal link")
    args = parser.parse_args()
    t0 = time.perf_counter()
    sites = build_region(args.n, args.latency)
    built = time.perf_counter() - t0
    print(f"recorded region: {args.n} sites built in {built:.1f} s, latency {args.latency * 1000:.0f} ms")
    polite = FetchConfig()
    runs = [("default politeness", polite), ("no pacing", replace(polite, per_host_interval=0.0))]
    with recorded_sites.serve(sites):
        for label, config in runs:
            seconds, requests, size, found = crawl(sites, config)
            ideal = size * 8 / (args.bandwidth * 1e6) + args.latency * requests / config.concurrency
            print(
                f"{label:>18}: {found}/{args.n} reports, {requests} requests, {size / 1e6:.1f} MB"
                f" in {seconds:.1f} s | ideal {ideal:.1f} s (concurrency {config.concurrency},"
                f" interval {config.per_host_interval} s, {config.per_host_concurrency}/host)"
                f" | ratio {seconds / ideal:.2f}"
            )


if __name__ == "__main__":
    main()
