"""A fingerprint of everything a build reads, so that an unchanged kit is not made again.

The kit's bytes depend on the policy and plan files, the catalogs and templates along their
search paths, the logo, the languages, this package's own code and data, and the versions of
the libraries that write the formats. If all of them are as the previous kit's manifest records,
the kit would come out byte for byte the same, and the build can reuse it.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path

from .model import ActionPlan, Policy
from .resources import shipped

__all__ = ["fingerprint"]

_PACKAGE = Path(__file__).resolve().parent
# The libraries whose versions can change the bytes of the kit.
_LIBRARIES = ("python-docx", "reportlab", "pikepdf", "jinja2", "babel", "lxml")


def fingerprint(
    policy: Policy,
    plans: Sequence[ActionPlan],
    langs: Sequence[str],
    template_dirs: Sequence[Path],
    locale_dirs: Sequence[Path],
) -> str:
    """A SHA-256 over every input of a build (see the module's docstring)."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("langs", ",".join(langs).encode())
    add("python", sys.version.encode())
    for library in _LIBRARIES:
        try:
            add(library, metadata.version(library).encode())
        except metadata.PackageNotFoundError:
            add(library, b"")
    if policy.source is not None:
        add("policy", policy.source.read_bytes())
    if policy.theme.logo is not None:
        add("logo", Path(policy.theme.logo).read_bytes())
    for plan in plans:
        if plan.source is not None:
            add(f"plan {plan.id}", plan.source.read_bytes())
    folders = [
        ("package", _PACKAGE),
        ("shipped templates", shipped("templates")),
        ("shipped locales", shipped("locales")),
        *((f"templates {n}", Path(d)) for n, d in enumerate(template_dirs)),
        *((f"locales {n}", Path(d)) for n, d in enumerate(locale_dirs)),
    ]
    for label, folder in folders:
        for path in _files(folder):
            add(f"{label}/{path.relative_to(folder).as_posix()}", path.read_bytes())
    return digest.hexdigest()


def _files(folder: Path) -> Iterable[Path]:
    """The files below ``folder`` in a fixed order, without Python's byte-code caches."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )
