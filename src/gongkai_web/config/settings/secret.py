"""Private files in the data directory: the folder itself (0700), the local secret key and the embedded SQLite
database (0600). Applicants' personal data lives there, so nothing in it is readable by other users."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and its missing parents) as 0700; tighten it to 0700 if it already exists."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(PRIVATE_DIR_MODE)
    return path


def ensure_private_file(path: Path) -> Path:
    """Create ``path`` empty as 0600 if it is missing (before SQLite creates it with the umask); tighten it
    to 0600 if it exists."""
    ensure_private_dir(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    if path.stat().st_mode & 0o077:
        path.chmod(PRIVATE_FILE_MODE)
    return path


def secure_data_files(data_dir: Path, databases: dict[str, dict[str, object]]) -> None:
    """The data directory and, when the default database is an SQLite file, that file: private."""
    ensure_private_dir(data_dir)
    db = databases["default"]
    name = str(db.get("NAME") or "")
    if str(db.get("ENGINE", "")).endswith("sqlite3") and name and name != ":memory:":
        ensure_private_file(Path(name))


def local_secret_key(data_dir: Path) -> str:
    env = os.environ.get("DJANGO_SECRET_KEY")
    if env:
        return env
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    ensure_private_dir(data_dir)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    return key
