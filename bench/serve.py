"""Benchmark of ``gongkai serve``'s WSGI server: the time per request on one kept-alive HTTP/1.1 connection,
for a page and a static file, with waitress (what ``serve`` runs) and, as the baseline in the same run,
Django's development-style ``basehttp`` server (what it ran before), both on the same fresh data folder.

    uv run python bench/serve.py            # 300 requests each, prints p50 / p95 ms and the ratio
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PATHS = {"page /disclosures/": "/disclosures/", "static app.css": "/static/gongkai/app.css"}
BASEHTTP = """
import sys
from gongkai.cli.serve import setup_django
setup_django()
from django.core.management import call_command
call_command("collectstatic", interactive=False, verbosity=0)
from django.core.servers.basehttp import run
from django.core.wsgi import get_wsgi_application
from django.contrib.staticfiles.handlers import StaticFilesHandler
run("127.0.0.1", int(sys.argv[1]), StaticFilesHandler(get_wsgi_application()), threading=True)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(cmd: list[str], port: int, data: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env["GONGKAI_DATA_DIR"] = str(data)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server on port {port} did not start")


def _measure(port: int, path: str, n: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    times = []
    for _ in range(n + 10):
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        assert response.status == 200, (path, response.status)
        times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return times[10:]  # the first requests warm caches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    gongkai = str(Path(sys.executable).with_name("gongkai"))
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        results: dict[str, dict[str, list[float]]] = {}
        for name, cmd in (
            ("waitress", [gongkai, "serve", "--port"]),
            ("basehttp (baseline)", [sys.executable, "-c", BASEHTTP]),
        ):
            port = _free_port()
            proc = _start([*cmd, str(port)], port, data)
            try:
                results[name] = {label: _measure(port, path, args.requests) for label, path in PATHS.items()}
            finally:
                proc.terminate()
                proc.wait(timeout=20)
    print(f"{args.requests} requests each on one kept-alive connection (p50 / p95 ms):")
    for label in PATHS:
        row = []
        for name, by_path in results.items():
            t = by_path[label]
            row.append(f"{name} {statistics.median(t):.1f} / {statistics.quantiles(t, n=20)[18]:.1f}")
        base = statistics.median(results["basehttp (baseline)"][label])
        ratio = base / statistics.median(results["waitress"][label])
        print(f"  {label:<20} " + "   ".join(row) + f"   baseline/waitress p50 ×{ratio:.1f}")


if __name__ == "__main__":
    main()
