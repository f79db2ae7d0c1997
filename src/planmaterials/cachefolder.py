"""The per-user cache folder, where one run keeps what the next can reuse.

What is kept there is worked out from the package and the libraries alone (compiled templates,
parsed fonts), never anything written into a user's project or kit. The folder is
``$PLANMATERIALS_CACHE`` when set (empty: no cache on disk), else ``planmaterials`` in the
platform's per-user cache folder. A folder that another user could write to is not used, since
what is stored there is run or unpickled as it is loaded.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

__all__ = ["cache_folder", "private_folder", "write_atomically"]


def cache_folder() -> Path | None:
    """Where the cache is kept, or None for nowhere (in memory only)."""
    chosen = os.environ.get("PLANMATERIALS_CACHE")
    if chosen is not None:
        return Path(chosen) if chosen else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "planmaterials" / "cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "planmaterials"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "planmaterials"


def private_folder(folder: Path) -> Path | None:
    """``folder``, made if missing, when only this user can write to it; else None."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    others_write = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or others_write):
        return None
    return folder


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that no reader ever sees half of it (errors ignored)."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return  # a cache that cannot be written is only slower
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
