"""Every generated Word document opens in LibreOffice and reads back as what we wrote."""

from __future__ import annotations

import subprocess

import pytest

from planmaterials import build

from .conftest import pdf_text


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    out = tmp_path_factory.mktemp("kit") / "out"
    return out, build(None, out)


def test_every_docx_converts_in_libreoffice_with_its_text_and_no_field_errors(kit, convert_to_pdf):
    out, result = kit
    files = [f for f in result.files if f.format == "docx"]
    pdfs = convert_to_pdf([out / f.path for f in files])
    for built, pdf in zip(files, pdfs, strict=True):
        text = pdf_text(pdf)
        assert "Error!" not in text and "Fel!" not in text, built.path
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        pages = int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])
        assert 1 <= pages <= 20, built.path
        if built.material == "policy-summary":
            words = " ".join(text.split())
            assert (
                "Internationalisation at home" in words
                or "Internationalisering på hemmaplan" in words
            )
            assert f"({pages})" in words or f"of {pages}" in words  # the page fields are computed
