"""Short names for template files in the marks of :mod:`.tagsource`, and the files they name.

A mark is written on every tag a template writes, so the markup parser reads it thousands of
times per document: a file's full path there made most of the rendered text. The mark is
instead a few letters of a digest of the file's name (letters and digits only, so nothing in it
needs escaping wherever in the markup it lands), and this table gives the file back. A file's
mark depends only on its name, unless two names' digests start alike: the later one is then
given more letters. Compiled templates hold their marks, so the template cache keys them by
the mark too (see :mod:`.templatecache`).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import threading

__all__ = ["file_for", "mark_for"]

_SHORTEST = 4  # letters: one in a million pairs of files start alike
# mark -> file and file -> mark, for every template file compiled or loaded in this process
_FILES: dict[str, str] = {}
_MARKS: dict[str, str] = {}
_LOCK = threading.Lock()


def mark_for(file: str) -> str:
    """The short mark naming the template ``file`` ("" for none), kept for :func:`file_for`."""
    mark = _MARKS.get(file)
    if mark is not None:
        return mark
    if not file:
        return ""
    # (A file name may hold bytes that are no UTF-8 as lone surrogates: they are hashed too.)
    digest = hashlib.sha256(file.encode("utf-8", "surrogatepass")).digest()
    letters = base64.b32encode(digest).decode("ascii").rstrip("=").lower()
    prefixes = (letters[:length] for length in range(_SHORTEST, len(letters) + 1))
    numbered = (f"{letters}{number}" for number in itertools.count(2))
    with _LOCK:
        mark = _MARKS.get(file)
        if mark is None:
            mark = next(m for m in itertools.chain(prefixes, numbered) if m not in _FILES)
            _FILES[mark] = file
            _MARKS[file] = mark
    return mark


def file_for(mark: str) -> str | None:
    """The template file that :func:`mark_for` gave ``mark`` in this process, if any."""
    return _FILES.get(mark)
