"""Where the shipped templates, catalogs and default policy are, and how users override them."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

__all__ = ["locale_path", "shipped", "template_path"]

_PACKAGE = Path(__file__).resolve().parent


@cache
def shipped(name: str) -> Path:
    """The shipped ``templates``, ``locales``, ``examples`` or ``data`` folder.

    A wheel carries them inside the package; a source checkout (and an editable install) has
    them at the top level of the repository.
    """
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the shipped '{name}' folder is missing from {_PACKAGE}")


def template_path(user_dirs: Sequence[Path] = ()) -> tuple[Path, ...]:
    """The template search path: the user's folders first, so they override file by file."""
    return (*(Path(d) for d in user_dirs), shipped("templates"))


def locale_path(user_dirs: Sequence[Path] = ()) -> tuple[Path, ...]:
    """The catalog search path: the user's folders first, so they override file by file."""
    return (*(Path(d) for d in user_dirs), shipped("locales"))
