"""Reading Office Open XML packages (docx, pptx, xlsx) with only zipfile and lxml."""

from __future__ import annotations

import io
import posixpath
import zipfile
from urllib.parse import unquote

from lxml import etree

from ..writers.colours import MINIMUM_CONTRAST, contrast
from .files import MAX_BYTES, Broken

__all__ = ["Package", "check_xlsx", "contrast_problems", "language_problem"]

_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_CONTENT_TYPES = "[Content_Types].xml"
# No entities, no network, no huge trees: a hostile file is read as data, never followed.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class Package:
    """An OOXML package opened for reading its parts as XML."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = set(self.zip.namelist())

    def xml(self, name: str) -> etree._Element:
        """The part ``name`` parsed; a missing or oversized part makes the package broken."""
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            raise Broken(f"the part {name} is missing") from None
        if info.file_size > MAX_BYTES:
            raise Broken(f"the part {name} is too large")
        return etree.fromstring(self.zip.read(info), _PARSER)

    def targets(self, source: str) -> dict[str, str]:
        """Relationship id -> part name for the relationships of part ``source``."""
        folder, name = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels not in self.names:
            return {}
        found = {}
        for rel in self.xml(rels).iter(f"{{{_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[rel.get("Id", "")] = posixpath.normpath(unquote(path))
        return found

    def structure_problems(self) -> list[str]:
        """Every part has a content type and every relationship leads to a part that is there.

        Office refuses a package that fails either, so this is what "it opens" needs beyond
        well-formed XML.
        """
        types = self.xml(_CONTENT_TYPES)
        defaults = {d.get("Extension", "").lower() for d in types.iter(f"{{{_TYPES}}}Default")}
        overrides = {o.get("PartName", "").lstrip("/") for o in types.iter(f"{{{_TYPES}}}Override")}
        problems = [
            f"the part {name} has no content type"
            for name in sorted(self.names)
            if not name.endswith("/")
            and name != _CONTENT_TYPES
            and name not in overrides
            and name.rsplit(".", 1)[-1].lower() not in defaults
        ]
        for rels in sorted(n for n in self.names if n.endswith(".rels")):
            folder, name = posixpath.split(rels)
            source = posixpath.join(posixpath.dirname(folder), name[: -len(".rels")])
            for target in self.targets(source).values():
                if target not in self.names:
                    problems.append(
                        f"{source or 'the package'} refers to {target}, which is missing"
                    )
        return problems

    def core_title_problems(self) -> list[str]:
        """The core properties must exist and give a title."""
        rels = self.xml("_rels/.rels")
        core = [
            r.get("Target", "").lstrip("/")
            for r in rels.iter(f"{{{_REL}}}Relationship")
            if r.get("Type") == _CORE
        ]
        if not core or core[0] not in self.names:
            return ["has no core properties (docProps/core.xml), so no title"]
        title = self.xml(core[0]).findtext(f"{{{_DC}}}title")
        if not (title or "").strip():
            return ["declares no title (dc:title in the core properties is missing or empty)"]
        return []

    def core_language(self) -> str | None:
        rels = self.xml("_rels/.rels")
        for r in rels.iter(f"{{{_REL}}}Relationship"):
            target = r.get("Target", "").lstrip("/")
            if r.get("Type") == _CORE and target in self.names:
                return self.xml(target).findtext(f"{{{_DC}}}language")
        return None


def language_problem(declared: str | None, expected: str | None, where: str) -> list[str]:
    """A language tag must be declared and, when the manifest names one, be that language."""
    if not (declared or "").strip():
        return [f"declares no language ({where})"]
    assert declared is not None
    if expected and declared.replace("_", "-").split("-")[0].lower() != expected.lower():
        return [f"declares the language {declared} ({where}), but it is listed as {expected}"]
    return []


def contrast_problems(pairs: set[tuple[str, str]]) -> list[str]:
    """One problem per text colour and background whose contrast is below the WCAG minimum."""
    problems = []
    for colour, background in sorted(pairs):
        ratio = contrast(colour, background)
        if ratio < MINIMUM_CONTRAST:
            problems.append(
                f"text in #{colour} on #{background} has a contrast of {ratio:.2f}:1 "
                f"(at least {MINIMUM_CONTRAST}:1 is needed)"
            )
    return problems


def check_xlsx(data: bytes, lang: str | None) -> list[str]:
    """A workbook must open and declare its title and language in its core properties."""
    package = Package(data)
    package.xml("xl/workbook.xml")
    problems = package.structure_problems() + package.core_title_problems()
    return problems + language_problem(
        package.core_language(), lang, "dc:language in the core properties"
    )
