"""What an import could not read: one problem per file and field, all reported together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import PolicyError
from ..limits import printable

__all__ = ["ImportProblems", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One thing that could not be read: where (file, table or part, row, field) and what was
    expected there."""

    file: Path
    place: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = [str(self.file)]
        if self.place:
            parts.append(self.place)
        if self.field:
            parts.append(self.field)
        # Texts come from users' files: never let them reach a terminal raw.
        return printable(": ".join([*parts, self.message]))


class ImportProblems(PolicyError):
    """Files that could not be imported; nothing was written. Lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        files = len({problem.file for problem in self.problems})
        count = len(self.problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in {files} "
            f"file{'s' if files != 1 else ''}; nothing was written"
        )

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"  {problem}" for problem in self.problems)])
