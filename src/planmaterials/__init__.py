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
from .compose import Templates, compose
from .document import Document, dump
from .errors import PolicyError, UnknownNameError
from .loader import load_plan, load_policy
from .localize import LocalizedPolicy, localize
from .materials import MATERIALS, Material
from .model import ActionPlan, DevelopmentArea, Policy
from .writers import WRITERS, write

__all__ = [
    "MATERIALS",
    "WRITERS",
    "ActionPlan",
    "BuildResult",
    "BuiltFile",
    "DevelopmentArea",
    "Document",
    "LocalizedPolicy",
    "Material",
    "Policy",
    "PolicyError",
    "Templates",
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
