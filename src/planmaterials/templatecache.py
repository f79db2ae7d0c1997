"""Compiled templates kept between runs, in a cache folder of the user's own.

Compiling the templates costs about a tenth of a second on every build; loading the compiled
code costs a few milliseconds. Each template's code is stored under a key made of its name, its
file and the mark this run gives the file (the code holds the marks :mod:`.tagsource` writes,
see :mod:`.sourcemarks`), and is used only when it was compiled from the same source by the same
Jinja2, Python and planmaterials code (whose compiled output depends on them all); otherwise it
is compiled again and replaces the stored code. Nothing is written into a user's project or kit:
the folder is ``$PLANMATERIALS_CACHE`` when set (empty: no cache on disk), else ``planmaterials``
in the platform's per-user cache folder. A folder that another user could write to is not used,
since compiled code is run as it is loaded.
"""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from .cachefolder import cache_folder, private_folder, write_atomically
from .sourcemarks import mark_for

__all__ = ["TemplateCache", "cache_folder"]

_PACKAGE = Path(__file__).resolve().parent
# What a key is made of; changed whenever that changes (2: with the file's short mark).
_KEY_FORMAT = 2


@cache
def _code_digest() -> str:
    """What the compiled code depends on besides the template: the compiler and our code."""
    digest = hashlib.sha256()
    for part in (jinja2.__version__, sys.implementation.cache_tag, sys.version):
        digest.update(f"{part}\0".encode())
    # The environment's options, the sandbox and the line marks are all in the package's code.
    for path in sorted(_PACKAGE.rglob("*.py")):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(_PACKAGE).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates in memory (shared by the languages' environments) and on disk."""

    def __init__(self, folder: Path | None = None) -> None:
        self._memory: dict[str, bytes] = {}
        self._folder = private_folder(folder) if folder is not None else None

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        # Code compiled when the file had another mark (another run may have given its letters
        # to another file first) is stored under another key: a mark is never read as the
        # wrong file's. Asking for the mark also keeps it for the parser when the code is loaded.
        mark = mark_for(filename or name or "")
        key = f"{_KEY_FORMAT}\0{name}\0{filename or ''}\0{mark}"
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()

    def get_source_checksum(self, source: str) -> str:
        digest = hashlib.sha256(_code_digest().encode())
        digest.update(source.encode("utf-8"))
        return digest.hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._memory.get(bucket.key)
        if code is None and self._folder is not None:
            try:
                code = (self._folder / f"{bucket.key}.jbc").read_bytes()
            except OSError:
                return
        if code is not None:
            # The bucket checks the Python version and the checksum (source and code digest),
            # and stays empty when either differs; damaged bytes leave it empty too.
            try:
                bucket.bytecode_from_string(code)
            except Exception:  # whatever unpickling damaged bytes raises: compile anew
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        self._memory[bucket.key] = code
        if self._folder is not None:
            write_atomically(self._folder / f"{bucket.key}.jbc", code)
