"""What a page that lists the kit is told: the files beside it, its bundle, its languages."""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import Language
from .materials import Bundle

__all__ = ["ListedFile", "Listing", "Translation"]


@dataclass(frozen=True)
class ListedFile:
    """One file the page links to, by its name beside the page.

    ``title`` is the file's translated name (with the area's title in a per-area name);
    ``area`` and ``unit`` are the keys of its development area and unit plan, if any.
    A bundle's ``contains`` are the files in it, in order (its own page included).
    """

    name: str
    title: str
    material: str
    format: str
    size: int  # in bytes
    area: str | None = None
    unit: str | None = None
    contains: tuple[ListedFile, ...] = ()

    def of(self, material: str, format: str | None = None) -> bool:
        """Whether this is a file of ``material`` (in ``format``, when given)."""
        return self.material == material and format in (None, self.format)


@dataclass(frozen=True)
class Translation:
    """The same page in another language: its language and where it is, relative to this one."""

    language: Language
    href: str


@dataclass(frozen=True)
class Listing:
    """The files a page lists, and where it stands.

    ``bundle`` is the bundle the page is made for (its ``files`` are then exactly the bundle's
    other files, and it links to nothing outside the bundle), or None for the kit's own page,
    which lists every file of its language, the bundles included, and its ``translations``.
    """

    files: tuple[ListedFile, ...]
    bundle: Bundle | None = None
    translations: tuple[Translation, ...] = ()

    def select(self, material: str, format: str | None = None) -> list[ListedFile]:
        """The files of ``material`` (in ``format``), in the kit's order."""
        return [file for file in self.files if file.of(material, format)]
