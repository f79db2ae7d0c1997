"""planmaterials: one policy file in, a bilingual kit of workshop and action-plan materials out.

The way through, one step each::

    policy = load_policy()                      # the embedded default, or load_policy("my.yaml")
    localized = localize(policy, "en")          # every string in one language
    document = compose("policy-summary", localized)   # a material as a neutral Document tree
    data = write(document, "docx", policy.theme)      # bytes of one format
    build(policy, "out", ["sv", "en"])          # the whole kit, manifest included

Mistakes in users' files raise :class:`PolicyError` with file, line, key and expectation; a
material, format or area the library does not know raises :class:`UnknownNameError`, which lists
the known ones.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .build import BuildResult, BuiltFile, build, render
from .changes import KitChanges, TextChange
from .compose import Templates, compose
from .document import (
    Block,
    Cell,
    Document,
    FillIn,
    Heading,
    Inline,
    LineBreak,
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
from .errors import PolicyError, UnknownNameError
from .i18n import Catalogs, Formatter, Language, Lookup, State
from .loader import load_plan, load_policy
from .localize import LocalizedPolicy, localize
from .materials import MATERIALS, Material, Scope
from .model import (
    ActionPlan,
    Activity,
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
from .writers import WRITERS, write

__all__ = [
    "MATERIALS",
    "WRITERS",
    "ActionPlan",
    "Activity",
    "Block",
    "BuildResult",
    "BuiltFile",
    "Catalogs",
    "Cell",
    "Colours",
    "Contact",
    "DevelopmentArea",
    "Document",
    "FillIn",
    "FlagColumn",
    "FlagValue",
    "Formatter",
    "Goal",
    "Heading",
    "Inline",
    "KitChanges",
    "Language",
    "LineBreak",
    "ListBlock",
    "ListItem",
    "LocalizedPolicy",
    "Lookup",
    "Material",
    "Method",
    "Organisation",
    "PageBreak",
    "Panel",
    "Paragraph",
    "PlanArea",
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
    "Unit",
    "UnknownNameError",
    "__version__",
    "build",
    "compose",
    "dump",
    "load_plan",
    "load_policy",
    "localize",
    "render",
    "write",
]
