"""The polite client against a loopback site: robots.txt, User-Agent, retries, size limit, redirects,
encodings, per-host pacing, and a record of every request."""

from __future__ import annotations

import threading

from gongkai.fetch import USER_AGENT, FetchConfig, PoliteClient, decode_page
from recorded_sites import Resource, Site, serve

FAST = FetchConfig(per_host_interval=0.0, backoff=0.01, timeout=5.0)


def test_every_request_names_gongkai_and_is_recorded() -> None:
    site = Site("s")
    site.put("/a.html", "<html><body>报告</body></html>")
    with serve([site]), PoliteClient(FAST) as client:
        got = client.get(site.url("/a.html"))
    assert got.ok and got.text == "<html><body>报告</body></html>"
    assert {ua for _m, _p, ua in site.hits} == {USER_AGENT} and "gongkai" in USER_AGENT
    assert [(r.url.rsplit("/", 1)[1], r.status) for r in client.records] == [
        ("robots.txt", 404),
        ("a.html", 200),
    ]
    assert client.records[1].size == len(got.content) and client.records[1].sha256 == got.sha256


def test_robots_txt_is_obeyed() -> None:
    site = Site("s")
    site.put("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    site.put("/private/r.html", "secret")
    site.put("/public/r.html", "open")
    with serve([site]), PoliteClient(FAST) as client:
        refused = client.get(site.url("/private/r.html"))
        allowed = client.get(site.url("/public/r.html"))
    assert not refused.ok and "robots.txt" in refused.error
    assert allowed.ok
    assert ("GET", "/private/r.html") not in [(m, p) for m, p, _ua in site.hits]
    assert [p for _m, p, _ua in site.hits].count("/robots.txt") == 1  # asked once per site


def test_server_errors_are_retried_with_back_off_then_given_up() -> None:
    site = Site("s")
    calls = {"n": 0}

    def flaky(target: str, body: bytes) -> Resource:
        calls["n"] += 1
        return Resource(b"busy", status=503) if calls["n"] < 3 else Resource(b"<html>ok</html>")

    site.routes["/flaky"] = flaky
    site.put("/down", b"down", status=500)
    waits: list[float] = []
    with (
        serve([site]),
        PoliteClient(FetchConfig(per_host_interval=0.0, backoff=0.5), sleep=waits.append) as client,
    ):
        flaky_got = client.get(site.url("/flaky"))
        down = client.get(site.url("/down"))
    assert flaky_got.ok and [r.attempt for r in flaky_got.records] == [1, 2, 3]
    assert not down.ok and down.error == "HTTP 500" and len(down.records) == 3
    assert waits == [0.5, 1.0, 0.5, 1.0]  # doubled each time


def test_a_404_is_not_retried() -> None:
    site = Site("s")
    with serve([site]), PoliteClient(FAST) as client:
        got = client.get(site.url("/nothing.html"))
    assert got.status == 404 and got.error == "HTTP 404" and len(got.records) == 1


def test_size_limit_stops_the_download() -> None:
    site = Site("s")
    site.put("/big.pdf", b"x" * 50_000, "application/pdf")
    with serve([site]), PoliteClient(FetchConfig(per_host_interval=0.0, max_bytes=10_000)) as client:
        got = client.get(site.url("/big.pdf"))
    assert not got.ok and "过大" in got.error and got.content == b""


def test_script_and_meta_refresh_shells_are_followed() -> None:
    site = Site("s")
    site.put("/js", '<html><script>window.location.href="/meta";</script></html>')
    site.put("/meta", '<html><head><meta http-equiv="refresh" content="0; url=/real.html"></head></html>')
    site.put("/real.html", "<html><body>真正的页面</body></html>")
    site.put("/loop", '<html><script>location.replace("/loop")</script></html>')
    with serve([site]), PoliteClient(FAST) as client:
        got = client.get(site.url("/js"))
        loop = client.get(site.url("/loop"))
    assert got.ok and got.final_url.endswith("/real.html") and "真正的页面" in got.text
    assert not loop.ok and "重定向" in loop.error


def test_encodings_are_detected() -> None:
    text = "<html><head><meta charset='gbk'></head><body>政府信息公开工作年度报告</body></html>"
    assert decode_page(text.encode("gbk")) == text
    assert decode_page("年度报告".encode("gb18030"), "text/html") == "年度报告"  # no declaration: not UTF-8
    assert decode_page("年度报告".encode(), "text/html; charset=utf-8") == "年度报告"


def test_requests_to_one_host_are_paced_and_limited() -> None:
    site = Site("s", latency=0.05)
    for n in range(6):
        site.put(f"/{n}.html", f"<html>{n}</html>")
    inflight, peak, lock = [0], [0], threading.Lock()
    answer = site.answer

    def counting(method: str, target: str, body: bytes) -> Resource:
        with lock:
            inflight[0] += 1
            peak[0] = max(peak[0], inflight[0])
        try:
            return answer(method, target, body)
        finally:
            with lock:
                inflight[0] -= 1

    site.answer = counting  # type: ignore[method-assign]
    waits: list[float] = []
    config = FetchConfig(per_host_interval=0.2, per_host_concurrency=2, concurrency=6, respect_robots=False)
    with serve([site]), PoliteClient(config, sleep=waits.append) as client:
        results = client.fetch_many(site.url(f"/{n}.html") for n in range(6))
    assert all(r.ok for r in results)
    assert peak[0] <= 2  # never more than two requests in flight on the host
    assert len(waits) >= 4  # later requests waited for their turn (the sleeps asked for)
