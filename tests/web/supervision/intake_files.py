"""Report files for the supervision tests: the real fixture reports by name, and zips of them. (Not in
``conftest.py``: every test folder's conftest is imported as the module ``conftest``, so a test importing
helpers from it gets whichever folder's conftest came first.)"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

REPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "reports"


def fixture(name: str) -> tuple[str, bytes]:
    path = next(REPORTS.glob(f"*/{name}"))
    return path.name, path.read_bytes()


def make_zip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return out.getvalue()
