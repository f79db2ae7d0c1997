"""A fingerprint of everything a build reads, so that an unchanged kit is not made again.

The kit's bytes depend on the policy and plan files, the catalogs and templates along their
search paths, the logo, the languages, this package's own code and data, and the versions of
the libraries that write the formats. If all of them are as the previous kit's manifest records,
the kit would come out byte for byte the same, and the build can reuse it.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from .limits import MAX_ASSET_BYTES, MAX_YAML_BYTES
from .resources import shipped

__all__ = ["fingerprint", "plan_files"]

_PACKAGE = Path(__file__).resolve().parent
# The libraries whose versions can change the bytes of the kit.
_LIBRARIES = ("reportlab", "jinja2", "babel", "lxml", "xlsxwriter", "segno")


def fingerprint(
    policy_file: Path | None,
    plan_files: Sequence[Path],
    langs: Sequence[str],
    template_dirs: Sequence[Path],
    locale_dirs: Sequence[Path],
    logo: Path | None,
) -> str:
    """A SHA-256 over every input of a build (see the module's docstring).

    Made from files alone, without reading the policy: ``policy_file`` (None: the embedded
    default, part of the package), the plan files, and the ``logo`` the policy names, which a
    rebuild takes from the previous kit's manifest. The policy's own path counts too, as its
    logo is found beside it.
    """
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("langs", ",".join(langs).encode())
    add("python", sys.version.encode())
    versions = _versions(_LIBRARIES)
    for library in _LIBRARIES:
        add(library, versions[library].encode())
    if policy_file is not None:
        add("policy path", os.fsencode(Path(policy_file).resolve()))
        add("policy", _read(Path(policy_file), MAX_YAML_BYTES))
    if logo is not None:
        add("logo path", os.fsencode(Path(logo)))
        add("logo", _read(Path(logo), MAX_ASSET_BYTES))
    for path in plan_files:
        add(f"plan {path.name}", _read(path, MAX_YAML_BYTES))
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


def _read(file: Path, limit: int) -> bytes:
    """A policy, plan or logo file's bytes; ValueError for anything a build would refuse to read
    (a device, a folder, a file over its size limit), which is then read, and refused, as usual.

    A rebuild fingerprints these files before the loader has looked at them.
    """
    if not file.is_file():
        raise ValueError(f"{file} is not a regular file")
    with file.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{file} is larger than {limit} bytes")
    return data


def plan_files(directory: Path) -> list[Path]:
    """The unit plan files a plans folder holds, in the order they are read."""
    return sorted(p for p in Path(directory).iterdir() if p.suffix in (".yaml", ".yml"))


def _versions(names: Sequence[str]) -> dict[str, str]:
    """The installed version of each distribution ("" when not installed).

    Read from the names of the ``*.dist-info`` folders along ``sys.path`` (the first found wins,
    as for imports); only a distribution installed otherwise is looked up with
    ``importlib.metadata``, whose import alone costs a rebuild with nothing to do a tenth of its
    time.
    """
    wanted = {_normalized(name): name for name in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in listing:
            if not folder.endswith(".dist-info"):
                continue
            distribution, _, version = folder[: -len(".dist-info")].partition("-")
            name = wanted.get(_normalized(distribution))
            if name is not None and name not in found:
                found[name] = version
    for name in names:
        if name not in found:
            from importlib import metadata

            try:
                found[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                found[name] = ""
    return found


def _normalized(name: str) -> str:
    """A distribution's name as packaging compares it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _files(folder: Path) -> Iterable[Path]:
    """The files below ``folder`` in a fixed order, without Python's byte-code caches."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )
