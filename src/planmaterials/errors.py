"""The one exception type for mistakes in what users give us (policy, plan, catalog, template)."""

from __future__ import annotations

from pathlib import Path

from .limits import printable

__all__ = ["PolicyError"]


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
