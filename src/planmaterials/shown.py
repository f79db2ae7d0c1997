"""Which catalog entries a document shows: texts that remember their key, and a recorder.

The change report and the translators' notes say which materials show a text. Localized texts
are :class:`KeyedText` (a ``str`` that also carries its domain and key); the template
environment notes every one it outputs while :func:`recording` is active.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["KeyedText", "current_record", "note", "recording", "shared_entry"]

_current: ContextVar[set[tuple[str, str]] | None] = ContextVar("shown", default=None)


class KeyedText(str):
    """A translated (or source) text that knows which catalog entry it comes from."""

    __slots__ = ("domain", "entry", "key")
    domain: str
    key: str
    # (domain, key), made once: every document showing the text records this same tuple, so
    # the records of hundreds of documents share their tuples (also when sent between processes)
    entry: tuple[str, str]

    def __new__(cls, text: str, domain: str, key: str) -> KeyedText:
        self = super().__new__(cls, text)
        self.domain = domain
        self.key = key
        self.entry = (domain, key)
        return self


def note(value: object) -> object:
    """Record ``value``'s entry if it is a :class:`KeyedText`; returns ``value`` unchanged."""
    shown = _current.get()
    if shown is not None and isinstance(value, KeyedText):
        shown.add(value.entry)
    return value


def shared_entry(domain: str, key: str) -> tuple[str, str]:
    """``(domain, key)`` as the one tuple that every record of the entry shares: for an entry
    output as something other than its KeyedText (a label)."""
    entry = (domain, key)
    return _ENTRIES.setdefault(entry, entry)


# The set that recording() collects into now, or None: for code that notes texts by the thousand
# (the template environment's output) and would rather not call note for each.
current_record = _current.get

# One tuple per entry given by shared_entry (labels: a few hundred), as KeyedText.entry is.
_ENTRIES: dict[tuple[str, str], tuple[str, str]] = {}


@contextmanager
def recording() -> Iterator[set[tuple[str, str]]]:
    """Collect the ``(domain, key)`` of every text output while the block runs."""
    shown: set[tuple[str, str]] = set()
    token = _current.set(shown)
    try:
        yield shown
    finally:
        _current.reset(token)
