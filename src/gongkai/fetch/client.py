"""A polite HTTP client for agency websites (spec ``supervision.md`` §5), on httpx.

Politeness is the default, not an option: one User-Agent naming gongkai; ``robots.txt`` asked once per site
and obeyed; at most ``per_host_concurrency`` requests in flight per host, started at least
``per_host_interval`` seconds apart; a timeout on every request; retries with exponential back-off on
connection errors, 429 and 5xx (honouring ``Retry-After`` up to a cap); a size limit read as the body
streams in; redirects followed, including the JavaScript and ``<meta http-equiv="refresh">`` shells
government sites put in front of pages.

Every request made — the robots.txt too — is a :class:`FetchRecord` (URL, time, status, bytes, SHA-256),
kept on :attr:`PoliteClient.records` and handed to ``on_record`` as it happens.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from gongkai.errors import NotAllowedByRobots, UrlUnreachable
from gongkai.fetch.pages import decode_page, find_script_redirect

#: Names gongkai and what it does; an operator adds a contact (``gongkai fetch --contact``, the web's
#: ``GONGKAI_FETCH_CONTACT``) so a site's administrator can reach them.
_VERSION = importlib.metadata.version("gongkai")
USER_AGENT = f"gongkai/{_VERSION} (government information disclosure annual report collector)"


def user_agent(contact: str = "") -> str:
    """The User-Agent, with the operator's contact (an e-mail or URL) when given."""
    return f"{USER_AGENT[:-1]}; {contact})" if contact else USER_AGENT


RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: A page no longer than this may be a redirect shell (real report pages are longer).
SHELL_MAX_BYTES = 4096


@dataclass(frozen=True)
class FetchConfig:
    """How polite to be. The defaults suit a government site: 2 requests at a time, 0.5 s apart."""

    user_agent: str = USER_AGENT
    per_host_interval: float = 0.5
    per_host_concurrency: int = 2
    concurrency: int = 16  # all hosts together (worker threads of :meth:`PoliteClient.fetch_many`)
    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry; doubled each time
    max_retry_after: float = 30.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    respect_robots: bool = True


@dataclass(frozen=True)
class FetchRecord:
    """One HTTP request and what came of it (``status`` is None when no response came)."""

    url: str
    started_at: datetime
    status: int | None
    size: int
    sha256: str
    content_type: str = ""
    error: str = ""
    seconds: float = 0.0
    attempt: int = 1


@dataclass
class Fetched:
    """The outcome of :meth:`PoliteClient.get`: the final URL, its bytes, and the records of every hop."""

    url: str
    final_url: str
    status: int | None
    content: bytes
    content_type: str = ""
    error: str = ""
    records: list[FetchRecord] = field(default_factory=list)
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300 and not self.error

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def is_html(self) -> bool:
        head = self.content[:512].lstrip().lower()
        return "html" in self.content_type or head.startswith((b"<!doctype html", b"<html"))

    @property
    def text(self) -> str:
        """The body as text, its encoding detected (header, ``<meta charset>``, UTF-8, else GB18030)."""
        return decode_page(self.content, self.content_type)

    def raise_for_error(self) -> None:
        """Raise the input error saying why nothing usable came back."""
        if not self.ok:
            raise UrlUnreachable(self.error or f"HTTP {self.status}", file=self.url)


class _Host:
    """One host's gate: a semaphore for concurrency and the earliest time the next request may start."""

    def __init__(self, concurrency: int) -> None:
        self.slots = threading.BoundedSemaphore(concurrency)
        self.lock = threading.Lock()
        self.next_start = 0.0
        self.robots: urllib.robotparser.RobotFileParser | None = None
        self.robots_lock = threading.Lock()


class PoliteClient:
    """Thread-safe: share one client between the threads of a crawl so the per-host limits hold."""

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        on_record: Callable[[FetchRecord], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config or FetchConfig()
        self.records: list[FetchRecord] = []
        self._on_record = on_record
        self._sleep = sleep
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        self._http = httpx.Client(
            headers={"User-Agent": self.config.user_agent, "Accept-Language": "zh-CN,zh;q=0.9"},
            timeout=self.config.timeout,
            follow_redirects=True,
            max_redirects=self.config.max_redirects,
            transport=transport,
            trust_env=False,
        )

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- the gate -------------------------------------------------------------------------------------

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        with self._lock:
            host = self._hosts.get(key)
            if host is None:
                host = self._hosts[key] = _Host(self.config.per_host_concurrency)
            return host

    @contextmanager
    def _gate(self, url: str) -> Iterator[None]:
        host = self._host(url)
        with host.slots:
            with host.lock:
                now = time.monotonic()
                start = max(now, host.next_start)
                host.next_start = start + self.config.per_host_interval
            if start > now:
                self._sleep(start - now)
            yield

    def _record(self, record: FetchRecord) -> None:
        with self._lock:
            self.records.append(record)
        if self._on_record is not None:
            self._on_record(record)

    # -- robots.txt -----------------------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets gongkai fetch ``url`` (asked once per site)."""
        if not self.config.respect_robots:
            return True
        host = self._host(url)
        with host.robots_lock:
            if host.robots is None:
                parts = urlsplit(url)
                robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
                parser = urllib.robotparser.RobotFileParser(robots_url)
                got = self._request(robots_url)
                if got.status in (401, 403):
                    parser.parse(["User-agent: *", "Disallow: /"])
                elif got.status is not None and 200 <= got.status < 300:
                    parser.parse(decode_page(got.content, got.content_type).splitlines())
                else:  # none (404) or unreachable: nothing is forbidden
                    parser.parse([])
                host.robots = parser
            return host.robots.can_fetch(self.config.user_agent, url)

    # -- requests -------------------------------------------------------------------------------------

    def _request(self, url: str, form: dict[str, str] | None = None) -> Fetched:
        """One URL with retries (HTTP redirects followed by httpx); no robots check, no script redirects.
        ``form``: POST these fields (a listing's data proxy) instead of GET."""
        cfg = self.config
        records: list[FetchRecord] = []
        for attempt in range(1, cfg.retries + 2):
            started, clock = datetime.now(UTC), time.perf_counter()
            status: int | None = None
            content_type, error, final = "", "", url
            body = bytearray()
            retry_after: float | None = None
            try:
                with (
                    self._gate(url),
                    self._http.stream("POST" if form is not None else "GET", url, data=form) as response,
                ):
                    status, final = response.status_code, str(response.url)
                    content_type = response.headers.get("content-type", "").lower()
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > cfg.max_bytes:
                        error = f"内容过大（{int(declared)} 字节，上限 {cfg.max_bytes}）"
                    else:
                        for chunk in response.iter_bytes():
                            body.extend(chunk)
                            if len(body) > cfg.max_bytes:
                                error = f"内容过大（超过上限 {cfg.max_bytes} 字节）"
                                break
                    retry_after = _seconds(response.headers.get("retry-after"))
            except httpx.TooManyRedirects:
                error = f"重定向超过 {cfg.max_redirects} 次"
            except httpx.TimeoutException:
                error = f"超时（{cfg.timeout:g} 秒）"
            except httpx.HTTPError as exc:
                error = f"连接失败：{type(exc).__name__}"
            data = bytes(body) if not error else b""
            record = FetchRecord(
                url=final,
                started_at=started,
                status=status,
                size=len(body),
                sha256=hashlib.sha256(data).hexdigest() if data else "",
                content_type=content_type[:100],
                error=error,
                seconds=round(time.perf_counter() - clock, 4),
                attempt=attempt,
            )
            self._record(record)
            records.append(record)
            transient = (status is None and "过大" not in error) or status in RETRY_STATUSES
            if not transient or attempt > cfg.retries:
                if status is not None and status >= 400 and not error:
                    error = f"HTTP {status}"
                return Fetched(url, final, status, data, content_type, error, records, started)
            wait = cfg.backoff * 2 ** (attempt - 1)
            if retry_after is not None:
                wait = max(wait, min(retry_after, cfg.max_retry_after))
            self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def post(self, url: str, form: dict[str, str]) -> Fetched:
        """POST a form politely (robots.txt asked, host gated, retried); no script redirects followed."""
        if not self.allowed(url):
            return Fetched(url, url, None, b"", error=NotAllowedByRobots.message)
        return self._request(url, form)

    def get(self, url: str) -> Fetched:
        """Fetch ``url`` politely, following HTTP and script redirects. Never raises for a network problem:
        the result says it (:attr:`Fetched.ok`, :attr:`Fetched.error`); :meth:`Fetched.raise_for_error`."""
        records: list[FetchRecord] = []
        current = url
        for _hop in range(self.config.max_redirects + 1):
            if not self.allowed(current):
                return Fetched(url, current, None, b"", error=NotAllowedByRobots.message, records=records)
            got = self._request(current)
            records.extend(got.records)
            target = None
            if got.ok and got.is_html and len(got.content) <= SHELL_MAX_BYTES:
                target = find_script_redirect(got.text)
            if target is None:
                return Fetched(
                    url, got.final_url, got.status, got.content, got.content_type, got.error, records
                )
            current = urljoin(got.final_url, target)
        return Fetched(
            url, current, None, b"", error=f"重定向超过 {self.config.max_redirects} 次", records=records
        )

    def fetch_many(
        self, urls: Iterable[str], progress: Callable[[Fetched], None] | None = None
    ) -> list[Fetched]:
        """Fetch many URLs on ``concurrency`` threads (each host still gated); results in input order."""
        todo = list(dict.fromkeys(urls))
        with ThreadPoolExecutor(max_workers=max(1, self.config.concurrency)) as pool:
            results = []
            for got in pool.map(self.get, todo):
                results.append(got)
                if progress is not None:
                    progress(got)
        return results


def _seconds(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None
