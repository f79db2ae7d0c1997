"""The texts the blank template itself puts in table cells, in every language: not user content.

A control's prompt shows until something is typed; Word marks it so, but LibreOffice saves the
prompt as ordinary text, and help texts stand in cells beside what users write. Rendering the
template as the kit does gives the exact texts to leave out when reading a filled one back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..document import Span, Table
from ..i18n import kit_languages
from ..localize import localize
from ..model import Policy
from .tables import Texts
from .vocabulary import normal

__all__ = ["template_texts"]

# Every text in the blank template's tables; only the prompts of the follow-up form (its other
# texts are the plan's own, and it is rendered here for the policy's example plan).
MATERIALS = (("action-plan-template", True), ("follow-up-form", False))


def template_texts(
    policy: Policy, locale_dirs: Sequence[Path] = (), template_dirs: Sequence[Path] = ()
) -> Texts:
    """Every paragraph and prompt in the tables of the blank template, in every language."""
    from ..compose import Templates, compose  # the template engine only when importing

    templates = Templates(template_dirs)
    found: set[str] = set()
    for lang in kit_languages():
        localized = localize(policy, lang, locale_dirs=locale_dirs)
        for material, every_text in MATERIALS:
            if not every_text and localized.policy.plan is None:
                continue
            document = compose(material, localized, templates=templates)
            for table in _tables(document):
                found.update(_texts(table, every_text=every_text))
    found.discard("")
    return Texts(frozenset(found))


def _tables(node: object) -> Iterator[Table]:
    if isinstance(node, Table):
        yield node
        return
    if isinstance(node, tuple):
        for item in node:
            yield from _tables(item)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            yield from _tables(getattr(node, f.name))


def _texts(node: object, *, every_text: bool) -> Iterator[str]:
    """The prompt of every field below ``node`` and, if ``every_text``, the text of every
    paragraph-like node (its spans joined) and ruled lines' label."""
    if isinstance(node, tuple):
        for item in node:
            yield from _texts(item, every_text=every_text)
        return
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return
    prompt = getattr(node, "prompt", None)
    if isinstance(prompt, str):
        yield normal(prompt)
    content = getattr(node, "content", None)
    if every_text and isinstance(content, tuple):
        yield normal("".join(item.text for item in content if isinstance(item, Span)))
    label = getattr(node, "label", None)
    if every_text and isinstance(label, str):
        yield normal(label)
    for f in dataclasses.fields(node):
        yield from _texts(getattr(node, f.name), every_text=every_text)
