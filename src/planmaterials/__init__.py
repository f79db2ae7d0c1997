"""planmaterials: one policy file in, a bilingual kit of workshop and action-plan materials out.

The way through, one step each::

    policy = load_policy()                      # the embedded default, or load_policy("my.yaml")
    localized = localize(policy, "en")          # every string in one language
    document = compose("policy-summary", localized)   # a material as a neutral Document tree
    data = write(document, "docx", policy.theme)      # bytes of one format
    build(policy, "out", ["sv", "en"])          # the whole kit, manifest included

A project folder (``planmaterials init``) names its policy, plans, catalogs, templates,
languages and output folder in ``planmaterials.toml``;
``build(**load_config(path).build_options())`` builds it as ``planmaterials build`` there does.

Mistakes in users' files raise :class:`PolicyError` with file, line, key and expectation; a
material, format or area the library does not know raises :class:`UnknownNameError`, which lists
the known ones.
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING

from .build import BuildResult, BuiltFile, build
from .changes import KitChanges, TextChange
from .compose import compose
from .config import Config, find_config, load_config
from .errors import PolicyError, UnknownNameError
from .i18n import CatalogLayer, Catalogs, Language, Lookup, State
from .lazy import lazy_exports
from .listing import ListedFile, Listing, Translation
from .localize import LocalizedPolicy, localize
from .materials import MATERIALS, Bundle, Material, Scope

# The writers, the templates, the document tree, the rendering and the policy model are imported
# on first use (PEP 562): with their libraries (reportlab, XlsxWriter, segno, Jinja2) they take a
# good part of a second to import, which the command line's help, checks and catalog work, and a
# rebuild with nothing to do, need not pay (the model's forty dataclasses alone take a tenth of
# such a rebuild).
if TYPE_CHECKING:
    from .document import (
        Block,
        Cell,
        Diagram,
        DiagramItem,
        Document,
        Field,
        FillIn,
        Heading,
        Inline,
        LayoutError,
        LineBreak,
        Link,
        ListBlock,
        ListItem,
        PageBreak,
        Panel,
        Paragraph,
        Poster,
        Row,
        Section,
        Slide,
        Span,
        Table,
        dump,
    )
    from .i18n import Formatter, PoEntry
    from .loader import load_plan, load_policy
    from .model import (
        ActionPlan,
        Activity,
        ActivityStatus,
        Colours,
        Contact,
        DevelopmentArea,
        FlagColumn,
        FlagValue,
        Goal,
        Method,
        Organisation,
        PlanArea,
        Point,
        Policy,
        Step,
        SwotAxes,
        SwotQuadrant,
        SwotTemplate,
        Theme,
        Unit,
    )
    from .rendering import render
    from .templating import Templates
    from .writers import WRITERS, Writer, write

_LAZY = {
    "ActionPlan": "model",
    "Activity": "model",
    "ActivityStatus": "model",
    "Colours": "model",
    "Contact": "model",
    "DevelopmentArea": "model",
    "FlagColumn": "model",
    "FlagValue": "model",
    "Goal": "model",
    "Method": "model",
    "Organisation": "model",
    "PlanArea": "model",
    "Point": "model",
    "Policy": "model",
    "Step": "model",
    "SwotAxes": "model",
    "SwotQuadrant": "model",
    "SwotTemplate": "model",
    "Theme": "model",
    "Unit": "model",
    "render": "rendering",
    "PoEntry": "i18n",
    "load_plan": "loader",
    "load_policy": "loader",
    "Formatter": "i18n",
    "WRITERS": "writers",
    "Writer": "writers",
    "write": "writers",
    "Templates": "templating",
    "Block": "document",
    "Cell": "document",
    "Diagram": "document",
    "DiagramItem": "document",
    "Document": "document",
    "Field": "document",
    "FillIn": "document",
    "Heading": "document",
    "Inline": "document",
    "LayoutError": "document",
    "LineBreak": "document",
    "Link": "document",
    "ListBlock": "document",
    "ListItem": "document",
    "PageBreak": "document",
    "Panel": "document",
    "Paragraph": "document",
    "Poster": "document",
    "Row": "document",
    "Section": "document",
    "Slide": "document",
    "Span": "document",
    "Table": "document",
    "dump": "document",
}


__getattr__, __dir__ = lazy_exports(__name__, globals(), _LAZY)


__all__ = [
    "MATERIALS",
    "WRITERS",
    "ActionPlan",
    "Activity",
    "ActivityStatus",
    "Block",
    "BuildResult",
    "BuiltFile",
    "Bundle",
    "CatalogLayer",
    "Catalogs",
    "Cell",
    "Colours",
    "Config",
    "Contact",
    "DevelopmentArea",
    "Diagram",
    "DiagramItem",
    "Document",
    "Field",
    "FillIn",
    "FlagColumn",
    "FlagValue",
    "Formatter",
    "Goal",
    "Heading",
    "Inline",
    "KitChanges",
    "Language",
    "LayoutError",
    "LineBreak",
    "Link",
    "ListBlock",
    "ListItem",
    "ListedFile",
    "Listing",
    "LocalizedPolicy",
    "Lookup",
    "Material",
    "Method",
    "Organisation",
    "PageBreak",
    "Panel",
    "Paragraph",
    "PlanArea",
    "PoEntry",
    "Point",
    "Policy",
    "PolicyError",
    "Poster",
    "Row",
    "Scope",
    "Section",
    "Slide",
    "Span",
    "State",
    "Step",
    "SwotAxes",
    "SwotQuadrant",
    "SwotTemplate",
    "Table",
    "Templates",
    "TextChange",
    "Theme",
    "Translation",
    "Unit",
    "UnknownNameError",
    "Writer",
    "__version__",
    "build",
    "compose",
    "dump",
    "find_config",
    "load_config",
    "load_plan",
    "load_policy",
    "localize",
    "render",
    "write",
]
