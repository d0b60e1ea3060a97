"""Tests that need a system package (LibreOffice, poppler, Chromium, Playwright's Python package).

On a developer's machine without it they skip, with the reason and the install command in pytest's summary.
In CI (``CI=true``, as ``.ci/run`` runs) a missing package fails the test instead: a green CI run must not
hide skipped tests (``.ci/run`` also refuses to start when one is missing)."""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require(available: bool, what: str, install: str) -> None:
    """Skip the calling test when ``what`` is not available (fail under CI=true)."""
    if available:
        return
    reason = f"{what} is not installed ({install})"
    if in_ci():
        pytest.fail(f"{reason}; CI=true: every test must run", pytrace=False)
    pytest.skip(reason)
