"""reportlab's platypus, imported without compiling the patterns it needs only to hyphenate.

Importing platypus compiles every regular expression of its text layout. Two of them, for web
addresses and for CJK text, span most of Unicode and take ~40 ms to compile, a tenth of a build's
imports, yet are used only when a paragraph is hyphenated, which these writers never ask for.
The patterns of those two modules are compiled on first use instead, and match as before.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["import_platypus"]

# The modules whose patterns wait (each uses its patterns only through their methods). Besides
# the two above: patterns for reportlab's sandboxed evaluation and for Python code listings.
_DEFERRED = frozenset(
    {
        "reportlab.platypus.paragraph",
        "reportlab.lib.textsplit",
        "reportlab.lib.rl_safe_eval",
        "reportlab.lib.PyFontify",
    }
)


class _Pattern:
    """A compiled pattern, compiled the first time one of its attributes is looked up."""

    def __init__(self, compile: Callable[[str, int], re.Pattern[str]], source: str, flags: int):
        self._compile = compile
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str) -> object:
        value = getattr(self._compile(self._source, self._flags), name)
        setattr(self, name, value)  # found without this method from now on
        return value


@contextmanager
def _deferring() -> Iterator[None]:
    compile_now = re.compile

    def compile(pattern, flags=0):  # re.compile's signature, for every caller meanwhile
        try:
            caller = sys._getframe(1).f_globals.get("__name__")
        except ValueError:  # called from outside any Python code
            caller = None
        if caller in _DEFERRED and isinstance(pattern, str):
            return _Pattern(compile_now, pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile
    try:
        yield
    finally:
        re.compile = compile_now


def import_platypus() -> None:
    """Import reportlab's platypus (once), its hyphenation patterns left for their first use."""
    if "reportlab.platypus" not in sys.modules:
        with _deferring():
            importlib.import_module("reportlab.platypus")
