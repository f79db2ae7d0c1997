"""A hint for a mistyped name: the closest of the names that were expected."""

from __future__ import annotations

__all__ = ["suggest"]


def suggest(value: str, choices: tuple[str, ...]) -> str:
    """``"; did you mean 'x'?"`` for the choice closest to a mistyped ``value``, or ``""``."""
    import difflib  # here: needed only when a name is mistyped

    folded = [choice for choice in choices if choice.casefold() == value.casefold()]
    hint = folded or difflib.get_close_matches(value, choices, n=1)
    return f"; did you mean '{hint[0]}'?" if hint else ""
