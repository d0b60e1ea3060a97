"""`gongkai parse|check|debug` on a scanned PDF and on a page image (made from the real PDF fixture)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli import _register, app
from scans import HONGZE, image_pdf, png, render

_register()
runner = CliRunner()
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("scans")
    page = render(HONGZE, 150, (3,))[0]
    (folder / "page3.png").write_bytes(png(page, 150))
    (folder / "scan.pdf").write_bytes(image_pdf([page], 150))
    return folder / "scan.pdf", folder / "page3.png"


def test_parse_a_scanned_pdf(scans: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["parse", "--cells", str(scans[0])])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"]["reader"] == "ocr"
    assert data["requests"]["received"]["total"] == 21
    assert 0.6 <= data["cells"]["requests.received.total"]["confidence"] <= 1


def test_check_and_debug_a_page_image(scans: tuple[Path, Path], tmp_path: Path) -> None:
    checked = runner.invoke(app, ["check", "--format", "json", str(scans[1])])
    assert checked.exit_code in (0, 1), checked.output
    assert "F113" in {f["code"] for f in json.loads(checked.stdout)["findings"]}
    debugged = runner.invoke(app, ["debug", str(scans[1])])
    assert debugged.exit_code == 0, debugged.output
    assert "读取器：ocr" in debugged.stdout and "→ requests.received" in debugged.stdout
    drawn = tmp_path / "page.png"
    pdf_debug = runner.invoke(app, ["debug", str(scans[0]), "--png", "1", "-o", str(drawn)])
    assert pdf_debug.exit_code == 0, pdf_debug.output
    assert drawn.stat().st_size > 0
