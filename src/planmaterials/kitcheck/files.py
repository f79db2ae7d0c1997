"""The kit's files against its manifest: presence, size, SHA-256, nothing extra, zip contents."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import PolicyError
from ..kitfolder import CHANGES, MANIFEST, previous_manifest

__all__ = ["Broken", "Entry", "Problem", "check_files", "check_zip", "read_manifest"]

#: Files a build writes beside the listed ones.
KIT_OWN = frozenset({MANIFEST, CHANGES})
#: A file or zip entry larger than this is not read: no kit of ours comes near it.
MAX_BYTES = 200 * 1024 * 1024


class Broken(Exception):
    """A file is damaged in a way its format's reader does not report by itself."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file of the kit."""

    path: str  # relative to the kit folder, with forward slashes
    message: str

    def __str__(self) -> str:
        # Names and texts come from the files checked: never echo a control character raw.
        text = f"{self.path}: {self.message}"
        return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


@dataclass(frozen=True)
class Entry:
    """One file as the manifest records it (``None`` where the manifest lacks a value)."""

    path: str
    size: int | None
    sha256: str | None
    lang: str | None
    contains: tuple[str, ...] | None
    # a zip's entries made for the zip itself (its start-here page): name -> SHA-256
    own: dict[str, str] = field(default_factory=dict)


def read_manifest(folder: Path) -> list[Entry]:
    """The manifest's file entries; a folder that is missing or holds no kit is the user's error."""
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise PolicyError(f"the kit folder {what}; give the folder a build wrote", file=folder)
    manifest = previous_manifest(folder)
    if manifest is None:
        raise PolicyError(
            f"this folder holds no kit: its {MANIFEST} is missing or is not a planmaterials "
            "manifest; give the folder a build wrote (--out)",
            file=folder,
        )
    entries = []
    for raw in manifest["files"]:  # type: ignore[union-attr]
        size, sha, lang, contains, own = (
            raw.get(k) for k in ("bytes", "sha256", "lang", "contains", "own")
        )
        names = contains if isinstance(contains, list) else None
        own = own if isinstance(own, dict) else {}
        entries.append(
            Entry(
                path=raw["path"],
                size=size if isinstance(size, int) and not isinstance(size, bool) else None,
                sha256=sha if isinstance(sha, str) else None,
                lang=lang if isinstance(lang, str) else None,
                contains=tuple(str(n) for n in names) if names is not None else None,
                own={str(n): str(d) for n, d in own.items()},
            )
        )
    return entries


def check_files(folder: Path, entries: list[Entry]) -> tuple[list[Problem], dict[str, bytes]]:
    """Problems with presence, size and hash, and the bytes of every listed file that is there."""
    problems: list[Problem] = []
    present: dict[str, bytes] = {}
    listed: set[str] = set()
    for entry in entries:
        path = entry.path
        if path in listed:
            problems.append(Problem(MANIFEST, f"lists {path} twice"))
            continue
        listed.add(path)
        if not _safe(path) or path in KIT_OWN:
            problems.append(Problem(MANIFEST, f"lists {path!r}, which is not a kit file's path"))
            continue
        target = folder / path
        if (
            not _inside(folder, target)
            or target.is_symlink()
            or (target.exists() and not target.is_file())
        ):
            problems.append(Problem(path, "is not a plain file inside the kit folder"))
            continue
        if not target.exists():
            problems.append(Problem(path, "is listed in the manifest but missing"))
            continue
        try:
            if target.stat().st_size > MAX_BYTES:
                problems.append(Problem(path, "is too large to be a kit file"))
                continue
            data = target.read_bytes()
        except OSError as exc:
            problems.append(Problem(path, f"cannot be read ({exc.strerror})"))
            continue
        if entry.size is None or entry.sha256 is None:
            problems.append(Problem(path, "the manifest records no size or SHA-256 for it"))
        elif len(data) != entry.size:
            problems.append(
                Problem(path, f"has {len(data)} bytes; the manifest records {entry.size}")
            )
        elif hashlib.sha256(data).hexdigest() != entry.sha256.lower():
            problems.append(
                Problem(path, "its SHA-256 differs from the manifest's (it was changed)")
            )
        present[path] = data
    for rel in _walk(folder):
        if rel not in listed and rel not in KIT_OWN:
            problems.append(Problem(rel, "is not listed in the manifest"))
    return problems, present


def check_zip(folder: Path, entry: Entry, data: bytes) -> list[str]:
    """A zip must hold exactly the names its manifest entry lists, each equal to that kit file
    (or, for an entry made for the zip itself, to the SHA-256 the manifest records for it)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        return [f"does not open as a zip: {exc}"]
    names = [info.filename for info in infos]
    problems = []
    if entry.contains is None:
        problems.append("the manifest records no 'contains' list for it")
    elif names != list(entry.contains):
        missing = [n for n in entry.contains if n not in names]
        extra = [n for n in names if n not in entry.contains]
        detail = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"not listed {', '.join(extra)}" if extra else "",
            )
            if part
        )
        problems.append(
            "its entries differ from the manifest's 'contains' list: "
            + (detail or "they are in another order or repeated")
        )
    base = PurePosixPath(entry.path).parent
    for info in infos:
        name = info.filename
        if not _safe(name) or "/" in name:
            problems.append(f"holds {name!r}, which is not the name of a file beside it")
            continue
        if info.file_size > MAX_BYTES:
            problems.append(f"{name} is too large to be a kit file")
            continue
        try:
            inner = archive.read(info)
        # damaged data, an unknown compression, or encryption (RuntimeError): all unreadable
        except (zipfile.BadZipFile, zlib.error, OSError, NotImplementedError, RuntimeError) as exc:
            problems.append(f"{name} cannot be read: {exc}")
            continue
        if name in entry.own:
            # made for this zip (a page listing only its files): no copy of a kit file
            if hashlib.sha256(inner).hexdigest() != entry.own[name]:
                problems.append(f"{name} differs from what the manifest records for this zip")
            continue
        sibling = folder / base / name
        if not sibling.is_file() or sibling.is_symlink() or not _inside(folder, sibling):
            problems.append(f"{name} is not a file of the kit ({base / name} is missing)")
        elif sibling.read_bytes() != inner:
            problems.append(f"{name} differs from the kit's {base / name}")
    return problems


def _safe(path: str) -> bool:
    """A relative path with forward slashes that stays inside the folder."""
    pure = PurePosixPath(path)
    return (
        bool(path)
        and "\\" not in path
        and not pure.is_absolute()
        and ".." not in pure.parts
        and "\x00" not in path
    )


def _inside(folder: Path, path: Path) -> bool:
    """Whether ``path`` stays inside ``folder`` once links on the way are followed."""
    return folder.resolve() in path.resolve().parents


def _walk(folder: Path) -> list[str]:
    """Every file (and link) below ``folder``, relative with forward slashes; links not followed."""
    found = []
    for root, dirs, files in os.walk(folder):
        base = Path(root).relative_to(folder)
        found.extend((base / name).as_posix() for name in files)
        # a link to a folder is reported, never followed
        found.extend((base / name).as_posix() for name in dirs if (Path(root) / name).is_symlink())
    return sorted(found)
