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


@pytest.fixture(scope="session", autouse=True)
def template_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compiled templates go to a folder of the test run's own, also for the CLI it starts."""
    folder = tmp_path_factory.mktemp("template-cache")
    os.environ["PLANMATERIALS_CACHE"] = str(folder)
    return folder


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


EXAMPLE_PLANS = Path(__file__).resolve().parents[1] / "examples" / "plans"


def require_tool(name: str) -> str:
    """The path of a command-line tool; skipped where it is missing, except in CI (CI=true)."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture(scope="session")
def full_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full bilingual kit with the example unit plans, built to disk as a user gets it."""
    from planmaterials import build

    out = tmp_path_factory.mktemp("full-kit") / "kit"
    build(None, out, plans_dir=EXAMPLE_PLANS)
    return out


@pytest.fixture(scope="session")
def full_kit_pdfs(
    full_kit: Path,
    convert_to_pdf: Callable[[list[Path]], list[Path]],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Path]:
    """Every docx and pptx of the full kit converted by LibreOffice in one run: kit path -> PDF."""
    folder = tmp_path_factory.mktemp("full-kit-flat")
    paths: dict[str, Path] = {}
    for file in sorted(full_kit.rglob("*")):
        if file.suffix in (".docx", ".pptx"):
            rel = file.relative_to(full_kit).as_posix()
            # one folder for one run: the language goes into the name so that no two collide
            paths[rel] = folder / rel.replace("/", "-")
            shutil.copyfile(file, paths[rel])
    return dict(zip(paths, convert_to_pdf(list(paths.values())), strict=True))


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
