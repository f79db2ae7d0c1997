"""Shared fixtures: the default policy, localized policies, policy variants and LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from planmaterials import load_policy, localize
from planmaterials.loader import DEFAULT_POLICY
from planmaterials.localize import LocalizedPolicy
from planmaterials.model import Policy

DEFAULT_POLICY_PATH = (
    Path(__file__).resolve().parents[1] / "src" / "planmaterials" / "data" / (DEFAULT_POLICY)
)


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="session")
def localized(policy: Policy) -> Callable[[str], LocalizedPolicy]:
    cache: dict[str, LocalizedPolicy] = {}

    def get(lang: str) -> LocalizedPolicy:
        if lang not in cache:
            cache[lang] = localize(policy, lang)
        return cache[lang]

    return get


@pytest.fixture
def default_policy_data() -> dict:
    """The default policy as plain data, to change and write out as a variant."""
    return yaml.safe_load(DEFAULT_POLICY_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def write_policy(tmp_path: Path) -> Callable[[dict], Path]:
    """Write policy data (e.g. a changed default) to a file and return its path."""
    counter = iter(range(1000))

    def write(data: dict) -> Path:
        path = tmp_path / f"policy-{next(counter)}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return path

    return write


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="session")
def convert_to_pdf(tmp_path_factory: pytest.TempPathFactory) -> Callable[[list[Path]], list[Path]]:
    """Convert .docx/.pptx files to PDF with LibreOffice, in one run; returns the PDF paths.

    Skipped where LibreOffice is missing, except in CI (CI=true), where it must be there.
    """
    soffice = _soffice()
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(paths: list[Path]) -> list[Path]:
        out = tmp_path_factory.mktemp("lo-pdf")
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                *map(str, paths),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        pdfs = [out / (Path(p).stem + ".pdf") for p in paths]
        missing = [p for p in pdfs if not p.is_file()]
        assert not missing, f"LibreOffice did not convert {missing}"
        return pdfs

    return convert


def pdf_text(path: Path) -> str:
    """The text of a PDF as pdftotext extracts it (layout-free)."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def parse_body(body: str, *, lang: str = "sv-SE", template: str = "t.j2", **attributes: str):
    """Parse ``body`` as the inside of a ``<document>`` with the given attributes."""
    import datetime as dt

    from planmaterials.markup import parse_markup

    attrs = " ".join(f'{k}="{v}"' for k, v in {"title": "T", **attributes}.items())
    return parse_markup(
        f"<document {attrs}>{body}</document>",
        template=template,
        lang=lang,
        date=dt.date(2025, 6, 12),
        author="Norrviks universitet",
    )


def make_document(*blocks, **fields):
    """A Document of ``blocks`` with plausible metadata; ``fields`` override it."""
    import datetime as dt

    from planmaterials.document import Document

    defaults = {
        "title": "Titel",
        "lang": "sv-SE",
        "date": dt.date(2025, 6, 12),
        "author": "Norrviks universitet",
    }
    return Document(blocks=tuple(blocks), **{**defaults, **fields})
