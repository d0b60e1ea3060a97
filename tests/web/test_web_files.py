"""Private files: the data folder, the embedded SQLite database, the secret key and uploaded documents are
readable by the server's own user only (0700 folders, 0600 files), whatever the umask."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai_web.agencies.models import User
from gongkai_web.applications import services as s
from web.factories import make_application


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _start_django(data: Path) -> None:
    """What ``gongkai serve`` does before it listens: settings ``local``, migrate — with a permissive umask."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_SECRET_KEY")}
    env["GONGKAI_DATA_DIR"] = str(data)
    env.pop("DATABASE_URL", None)
    code = "import os; os.umask(0o022); from gongkai.cli.serve import setup_django; setup_django()"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_a_fresh_data_folder_is_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _start_django(data)
    assert _mode(data) == 0o700
    assert _mode(data / "gongkai.sqlite3") == 0o600
    assert _mode(data / "secret_key") == 0o600
    assert (data / "gongkai.sqlite3").stat().st_size > 0  # migrated into the file created private


@pytest.mark.slow
def test_an_existing_world_readable_data_folder_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "gongkai.sqlite3").touch(mode=0o644)
    data.chmod(0o755)
    (data / "gongkai.sqlite3").chmod(0o644)
    _start_django(data)
    assert _mode(data) == 0o700
    assert _mode(data / "gongkai.sqlite3") == 0o600


@pytest.mark.django_db
def test_uploaded_documents_are_private(frozen: object, registrar: User, handler: User) -> None:
    old = os.umask(0o022)
    try:
        app = make_application(registrar, received_on=dt.date(2024, 9, 27))
        doc = s.attach_document(
            handler, app, kind="reply", upload=SimpleUploadedFile("答复书.pdf", b"%PDF-1.4\n%%EOF\n")
        )
    finally:
        os.umask(old)
    path = Path(doc.file.path)
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
