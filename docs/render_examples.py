"""Render the reference example (平湖市应急管理局 2020, 2019 template) and a 2021-template report to DOCX,
convert each to PDF with LibreOffice and each page to PNG with pdftoppm, into ``docs/images/``.

    uv run python docs/render_examples.py

Needs ``soffice`` (libreoffice-writer-nogui) and ``pdftoppm`` (poppler-utils) on PATH.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from gongkai.readers import read_report
from gongkai.renderers import render_report

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
EXAMPLES = {
    "pinghu-2020": ROOT / "tests/fixtures/reports/2019/2020-pinghu-emergency.txt",
    "pingtan-2022": ROOT / "tests/fixtures/reports/2021/2022-pingtan-crawled.txt",
}


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        print("需要 LibreOffice（soffice）和 pdftoppm（poppler-utils）", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    for name, source in EXAMPLES.items():
        report = read_report(source).report
        with tempfile.TemporaryDirectory() as tmp:
            docx_path = Path(tmp) / f"{name}.docx"
            docx_path.write_bytes(render_report(report, "docx"))
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
                 "--outdir", tmp, str(docx_path)],
                check=True, capture_output=True, timeout=180,
            )  # fmt: skip
            for old in OUT.glob(f"{name}-*.png"):
                old.unlink()
            subprocess.run(
                [pdftoppm, "-png", "-r", "60", str(Path(tmp) / f"{name}.pdf"), str(OUT / name)],
                check=True, timeout=120,
            )  # fmt: skip
        print(name, ", ".join(p.name for p in sorted(OUT.glob(f"{name}-*.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
