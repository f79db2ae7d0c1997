"""Real consumers read every file of a full bilingual kit: LibreOffice, qpdf, unzip and msgfmt.

One LibreOffice run converts every docx and pptx of the kit (``full_kit_pdfs``); the decks' and
Word documents' own rendering tests read the same PDFs. Each tool is skipped where it is
missing, except in CI (CI=true), where it must be there.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .conftest import pdf_text, require_tool

ROOT = Path(__file__).resolve().parents[1]


def _files(kit: Path, fmt: str) -> list[dict]:
    manifest = json.loads((kit / "manifest.json").read_text("utf-8"))
    found = [entry for entry in manifest["files"] if entry["format"] == fmt]
    assert found, f"the kit has no {fmt} files"
    return found


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])


@pytest.mark.libreoffice
def test_every_docx_converts_in_libreoffice_with_its_text_and_no_field_errors(
    full_kit, full_kit_pdfs
):
    for entry in _files(full_kit, "docx"):
        pdf = full_kit_pdfs[entry["path"]]
        text = pdf_text(pdf)
        assert "Error!" not in text and "Fel!" not in text, entry["path"]
        pages = _pages(pdf)
        assert 1 <= pages <= 20, entry["path"]
        if entry["material"] == "policy-summary":
            words = " ".join(text.split())
            assert (
                "Internationalisation at home" in words
                or "Internationalisering på hemmaplan" in words
            )
            assert f"({pages})" in words or f"of {pages}" in words  # the page fields are computed


def test_qpdf_finds_no_errors_in_any_pdf_of_the_kit(full_kit):
    qpdf = require_tool("qpdf")
    for entry in _files(full_kit, "pdf"):
        result = subprocess.run(
            [qpdf, "--check", str(full_kit / entry["path"])], capture_output=True, text=True
        )
        assert result.returncode == 0, f"{entry['path']}:\n{result.stdout}{result.stderr}"


def test_unzip_tests_every_zip_of_the_kit_without_errors(full_kit):
    unzip = require_tool("unzip")
    for entry in _files(full_kit, "zip"):
        result = subprocess.run(
            [unzip, "-t", str(full_kit / entry["path"])], capture_output=True, text=True
        )
        assert result.returncode == 0, f"{entry['path']}:\n{result.stdout}{result.stderr}"
        assert "No errors detected" in result.stdout, entry["path"]


def test_every_shipped_catalog_passes_msgfmt_check():
    msgfmt = require_tool("msgfmt")
    catalogs = sorted([*(ROOT / "locales").rglob("*.po"), *(ROOT / "examples").rglob("*.po")])
    assert len(catalogs) >= 3, catalogs
    for po in catalogs:
        result = subprocess.run(
            [msgfmt, "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
        )
        assert result.returncode == 0, f"{po.relative_to(ROOT)}:\n{result.stderr}"
