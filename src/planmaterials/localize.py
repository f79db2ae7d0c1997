"""Putting a policy into one language: every string looked up in that language's catalogs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .i18n.languages import POLICY, Language, language
from .i18n.lookup import Catalogs
from .shown import KeyedText

if TYPE_CHECKING:
    from .i18n.formatting import Formatter
    from .model import ActionPlan, Policy

__all__ = ["LocalizedPolicy", "localize"]


@dataclass(frozen=True)
class LocalizedPolicy:
    """A policy with every user-visible string in ``language``, and the tools to format more."""

    policy: Policy
    language: Language
    catalogs: Catalogs
    format: Formatter

    @property
    def lang(self) -> str:
        return self.language.code

    def translate_plan(self, plan: ActionPlan) -> ActionPlan:
        """A unit plan (not part of the policy file) in this language."""
        from .model import map_texts  # the model's code: not needed until a text is translated

        return map_texts(plan, self._translate)

    def _translate(self, key: str, text: str) -> KeyedText:
        return KeyedText(self.catalogs.text(POLICY, key, text), POLICY, key)


def localize(
    policy: Policy,
    lang: str,
    catalogs: Catalogs | None = None,
    *,
    locale_dirs: Sequence[Path] | None = None,
) -> LocalizedPolicy:
    """Translate ``policy`` into ``lang`` using ``catalogs``, or those that serve the policy:
    the catalogs in ``locale_dirs``, then the shipped labels (and, for the embedded default
    policy only, its shipped translations)."""
    if catalogs is None:
        catalogs = Catalogs.for_policy(policy, lang, locale_dirs or ())
    elif catalogs.lang != lang:
        raise ValueError(f"catalogs are for {catalogs.lang!r}, not {lang!r}")
    from .model import map_texts

    translated = map_texts(
        policy, lambda key, text: KeyedText(catalogs.text(POLICY, key, text), POLICY, key)
    )
    # Imported here: formatting loads Babel, which a build with nothing to render never needs.
    from .i18n.formatting import Formatter

    return LocalizedPolicy(translated, language(lang), catalogs, Formatter(lang))
