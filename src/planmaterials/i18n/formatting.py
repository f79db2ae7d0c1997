"""Dates, lists and numbers in the conventions of one language (CLDR data via Babel)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.lists import format_list as _babel_format_list
from babel.numbers import format_decimal

from .languages import kit_languages, language, language_names

__all__ = ["Formatter"]


class Formatter:
    """Dates, lists and numbers in the conventions of one language."""

    def __init__(self, lang: str) -> None:
        self.language = language(lang)
        self.locale = Locale.parse(self.language.locale)
        # (type, date, style) -> its text: Babel takes a tenth of a millisecond per date, and
        # a follow-up of many plans shows the same few deadlines hundreds of times.
        self._dates: dict[tuple[type, object, str], str] = {}

    def date(self, value: dt.date, style: str = "long") -> str:
        try:
            key = (type(value), value, style)
            text = self._dates.get(key)
        except TypeError:  # not hashable: let Babel say what it makes of it
            return _babel_format_date(value, style, locale=self.locale)
        if text is None:
            text = self._dates[key] = _babel_format_date(value, style, locale=self.locale)
        return text

    def list(self, items: Iterable[str], style: str = "standard") -> str:
        return _babel_format_list(list(items), style=style, locale=self.locale)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def languages(self, codes: Iterable[str] | None = None) -> str:
        """Language names as a list in this language ("Swedish and English"); by default
        every language the kit is made in."""
        return self.list(
            language_names(kit_languages() if codes is None else codes, self.language.code)
        )
