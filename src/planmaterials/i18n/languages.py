"""The languages the kit is made in: the one list, and the source language of the labels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import PolicyError

__all__ = [
    "LABELS",
    "LABELS_SOURCE_LANGUAGE",
    "LANGUAGES",
    "POLICY",
    "Language",
    "kit_languages",
    "language",
    "language_name",
]

# The two catalog domains: template labels (written in English) and the policy's own texts
# (written in the policy file's language).
LABELS = "labels"
POLICY = "policy"
LABELS_SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    """A language the kit is made in: its code, CLDR locale and BCP 47 tag."""

    code: str
    locale: str
    tag: str

    @property
    def name(self) -> str:
        """The language's name in itself ("svenska", "English")."""
        return language_name(self.code, self.code)


# Adding a language is one line here plus its catalogs (locales/<code>/LC_MESSAGES/*.po).
LANGUAGES: dict[str, Language] = {
    "sv": Language("sv", "sv_SE", "sv-SE"),
    "en": Language("en", "en_GB", "en-GB"),
}


def language(code: str) -> Language:
    """The :class:`Language` for ``code``; a PolicyError names the supported ones."""
    try:
        return LANGUAGES[code]
    except KeyError:
        supported = ", ".join(LANGUAGES)
        raise PolicyError(f"unsupported language '{code}'; expected one of {supported}") from None


def kit_languages() -> tuple[str, ...]:
    """Every supported language, in the order of the list: what a build makes by default."""
    return tuple(LANGUAGES)


def language_name(code: str, in_lang: str) -> str:
    """The name of language ``code`` written in language ``in_lang`` (CLDR, via Babel)."""
    from babel import Locale  # here: Babel is not needed to know which languages there are

    name = Locale.parse(language(code).locale).get_language_name(language(in_lang).locale)
    return name or code


def language_names(codes: Iterable[str], in_lang: str) -> list[str]:
    """The names of ``codes`` in ``in_lang``, in order."""
    return [language_name(code, in_lang) for code in codes]
