"""Reading one field's text as the plan file's value: dates, deadlines, units, flags, statuses.

Each reader returns the value or raises :class:`FieldError` saying what was expected; nothing is
guessed: a date must be written as a date, a unit must be in the glossary.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import ActivityStatus, FlagValue
from ..yamlnodes import suggest
from .vocabulary import Vocabulary, normal

__all__ = [
    "FieldError",
    "read_date",
    "read_deadline",
    "read_flag",
    "read_status",
    "read_units",
    "split_units",
]

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# Three numbers and separators only: meant as a date ("31/12/2026", "2026-13-01", "31/3 2027",
# "31 3 2027"), not free text.
_DATE_LIKE = re.compile(r"\d{1,4}(?:\s*[-./]\s*|\s+)\d{1,2}(?:\s*[-./]\s*|\s+)\d{1,4}\Z")
_UNIT_SEPARATORS = re.compile(r"[,;\n]")


class FieldError(Exception):
    """A field's text is not what the field holds; the message says what was expected."""


def read_date(text: str) -> dt.date:
    """A date written as YYYY-MM-DD (as the template's date picker writes it)."""
    value = text.strip()
    if _ISO.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise FieldError(
                f"'{value}' is not a date (there is no such day); expected a date written as "
                "YYYY-MM-DD"
            ) from None
    raise FieldError(f"'{value}' is not a date; expected a date written as YYYY-MM-DD")


def read_deadline(text: str) -> dt.date | str:
    """A date (YYYY-MM-DD) or a text such as "Ongoing"; something meant as a date must be one."""
    value = text.strip()
    if _ISO.match(value) or _DATE_LIKE.match(value):
        try:
            return read_date(value)
        except FieldError as error:
            # Which of 03/04/2026's numbers is the month is not ours to guess.
            raise FieldError(f"{error}, or a text such as 'Ongoing'") from None
    return value


def split_units(text: str) -> list[str]:
    """The units named in a text, separated by commas, semicolons or lines."""
    return [part.strip() for part in _UNIT_SEPARATORS.split(text) if part.strip()]


def read_units(names: list[str], vocabulary: Vocabulary) -> tuple[str, ...]:
    """The glossary's abbreviations for units named by abbreviation or full name, in order."""
    units: list[str] = []
    unknown = []
    for name in names:
        abbreviation = vocabulary.units.get(normal(name))
        if abbreviation is None:
            unknown.append(name)
        elif abbreviation in units:
            raise FieldError(f"the unit '{name}' is named twice")
        else:
            units.append(abbreviation)
    if unknown:
        known = vocabulary.unit_list
        listed = ", ".join(known) if known else "none"
        hints = "".join(suggest(name, known) for name in unknown[:1])
        names_text = ", ".join(f"'{name}'" for name in unknown)
        raise FieldError(
            f"unknown unit {names_text}{hints}; expected abbreviations or names from the "
            f"policy's units glossary ({listed})"
        )
    return tuple(units)


def read_flag(text: str, vocabulary: Vocabulary) -> FlagValue | None:
    """A flag column's value: yes, partly or no (in any language), or None when left empty."""
    value = text.strip()
    if value in ("", "-", "–", "—"):
        return None
    found = vocabulary.flag_words.get(normal(value))
    if found is None:
        names = "; ".join(
            f"{flag.value} ({', '.join(vocabulary.flag_names[flag])})" for flag in FlagValue
        )
        raise FieldError(
            f"'{value}' is not a value of the column; expected one of {names}, or nothing"
        )
    return found


def read_status(text: str, vocabulary: Vocabulary) -> ActivityStatus | None:
    """A follow-up status (planned, ongoing, done, postponed, cancelled), or None when empty."""
    value = text.strip()
    if not value:
        return None
    found = vocabulary.statuses.get(normal(value))
    if found is None:
        names = "; ".join(
            f"{status.value} ({', '.join(vocabulary.status_names[status])})"
            for status in ActivityStatus
        )
        raise FieldError(f"'{value}' is not a status; expected one of {names}, or nothing")
    return found
