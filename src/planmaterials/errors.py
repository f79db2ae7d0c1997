"""The exceptions: PolicyError for mistakes in users' files, UnknownNameError for API misuse."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .limits import printable

__all__ = ["PolicyError", "UnknownNameError"]


class PolicyError(Exception):
    """A mistake in a user's file, told as ``file:line: key: what was expected``.

    ``line`` is 1-based and ``key`` a dotted path into the file (``policy.areas[2].title``);
    either may be None when it is not known.
    """

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = Path(file) if file is not None else None
        self.line = line
        self.key = key

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        key = f"{self.key}: " if self.key else ""
        # Names and keys come from users' files: never let them reach a terminal raw.
        return printable(f"{where}{key}{self.message}")


class UnknownNameError(KeyError, ValueError):
    """A name the library does not know (a material, format, area...); the message lists the known.

    A mistake in the calling code, not in a user's file (a user's template that names an unknown
    area is turned into a :class:`PolicyError`). It is a KeyError, since a lookup by name failed,
    and a ValueError, since an argument had a wrong value: code that caught either still does.
    """

    def __init__(self, kind: str, name: object, known: Iterable[str]) -> None:
        self.kind = kind
        self.name = name
        self.known = tuple(known)
        expected = ", ".join(self.known) if self.known else "none"
        super().__init__(f"unknown {kind} {name!r}; expected one of: {expected}")

    def __str__(self) -> str:
        # KeyError shows its argument's repr (quotes and escapes); this is a sentence.
        return str(self.args[0])
