"""``gongkai serve`` as a real process on a fresh data folder: waitress answers pages, keeps connections
alive and serves static files (WhiteNoise); with the demo's published password it refuses a public address."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

GONGKAI = Path(sys.executable).with_name("gongkai")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env["GONGKAI_DATA_DIR"] = str(data)
    return env


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    port = _free_port()
    proc = subprocess.Popen(
        [str(GONGKAI), "serve", "--port", str(port)],
        env=_env(tmp_path / "data"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("gongkai serve did not start listening in 60 s")
    try:
        yield port, proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


@pytest.mark.slow
def test_serve_answers_with_waitress_keeps_alive_and_serves_static_files(
    server: tuple[int, subprocess.Popen[str]],
) -> None:
    port, proc = server
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/disclosures/")
    page = conn.getresponse()
    body = page.read().decode()
    assert page.status == 200 and page.getheader("Server") == "gongkai" and "主动公开" in body
    assert "script-src 'self' 'nonce-" in (page.getheader("Content-Security-Policy") or "")
    sock = conn.sock
    conn.request("GET", "/static/gongkai/app.css")  # the same connection, kept alive
    css = conn.getresponse()
    assert css.status == 200 and conn.sock is sock
    assert css.getheader("Content-Type", "").startswith("text/css") and len(css.read()) > 1000
    assert "max-age" in (css.getheader("Cache-Control") or "")
    conn.request("GET", "/static/admin/css/base.css")
    assert conn.getresponse().status == 200
    conn.close()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert "政府信息公开工作台已启动" in out and "已停止" in out, err


@pytest.mark.slow
def test_serve_demo_on_a_public_address_refuses_to_start(tmp_path: Path) -> None:
    port = _free_port()
    result = subprocess.run(
        [str(GONGKAI), "serve", "--demo", "--host", "0.0.0.0", "--port", str(port)],
        env=_env(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "拒绝在 0.0.0.0 上启动" in result.stderr and "gongkai-demo" in result.stderr
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
