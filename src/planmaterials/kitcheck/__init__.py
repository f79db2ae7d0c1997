"""Checking a built kit without trusting the builder: its files, their formats, their accessibility.

``check_kit(folder)`` reads the kit's ``manifest.json`` and then only the files themselves: each
listed file must be there with its recorded size and SHA-256 and nothing else may be; every
document must open with nothing but a zip and an XML parser (or pikepdf), declare its language
and title, keep headings in order, give tables header rows and text readable contrast; every zip
must hold exactly the kit files its manifest entry names (a page made for the zip itself must
match the SHA-256 the manifest records for it, and pass its format's checks).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
from lxml import etree

from .docx import check_docx
from .files import Broken, Entry, Problem, check_files, check_zip, read_manifest
from .html import check_html
from .ooxml import check_xlsx
from .pdf import check_pdf
from .pptx import check_pptx

__all__ = ["FORMAT_CHECKS", "Problem", "check_kit", "read_manifest"]

#: What each kind of file must pass, by file name suffix: ``check(data, lang) -> [message]``.
FORMAT_CHECKS: dict[str, Callable[[bytes, str | None], list[str]]] = {
    ".docx": check_docx,
    ".html": check_html,
    ".pptx": check_pptx,
    ".xlsx": check_xlsx,
    ".pdf": check_pdf,
}


def check_kit(folder: Path) -> list[Problem]:
    """Every problem found in the kit in ``folder``, in manifest order (empty when it is sound).

    A missing folder, or one that holds no kit, raises :class:`PolicyError`.
    """
    folder = Path(folder)
    entries = read_manifest(folder)
    problems, present = check_files(folder, entries)
    for entry in entries:
        path = entry.path
        if path not in present:
            continue
        data = present[path]
        suffix = Path(path).suffix.lower()
        if suffix == ".zip":
            messages = check_zip(folder, entry, data) + _own_entries(entry, data)
        elif suffix in FORMAT_CHECKS:
            messages = _guarded(FORMAT_CHECKS[suffix], data, entry.lang)
        else:
            messages = []
        problems.extend(Problem(path, message) for message in messages)
    return problems


def _own_entries(entry: Entry, data: bytes) -> list[str]:
    """The format checks of a zip's entries made for the zip (they are no copy of a kit file)."""
    problems = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except zipfile.BadZipFile:
        return []  # check_zip names it
    for name in sorted(entry.own):
        check = FORMAT_CHECKS.get(Path(name).suffix.lower())
        if check is None or name not in names:
            continue
        try:
            inner = archive.read(name)
        except (zipfile.BadZipFile, zlib.error, OSError, NotImplementedError, RuntimeError):
            continue  # check_zip names it
        problems += [f"{name} {message}" for message in _guarded(check, inner, entry.lang)]
    return problems


#: How the readers report a file they cannot read.
_UNREADABLE = (Broken, zipfile.BadZipFile, zlib.error, etree.XMLSyntaxError, pikepdf.PdfError)


def _guarded(
    check: Callable[[bytes, str | None], list[str]], data: bytes, lang: str | None
) -> list[str]:
    """Run ``check``; a file too damaged to read is one problem, not a crash."""
    try:
        return check(data, lang)
    except _UNREADABLE as exc:
        return [f"does not open: {exc}"]
