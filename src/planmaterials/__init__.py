"""planmaterials: one policy file in, a bilingual kit of workshop and action-plan materials out.

The way through, one step each::

    policy = load_policy()                      # the embedded default, or load_policy("my.yaml")
    localized = localize(policy, "en")          # every string in one language
    document = compose("policy-summary", localized)   # a material as a neutral Document tree
    data = write(document, "docx", policy.theme)      # bytes of one format
    build(policy, "out", ["sv", "en"])          # the whole kit, manifest included

Mistakes in users' files raise :class:`PolicyError` with file, line, key and expectation.
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING

# These share their names with their modules, which importing the module would bind on the
# package (replacing the function): import them now. None of them imports a writer.
from .build import BuildResult, BuiltFile, build, render
from .compose import Templates, compose
from .localize import LocalizedPolicy, localize

# Where each public name lives. They are imported on first use (PEP 562): the writers' libraries
# take a third of a second to import, which the command line's help, checks and catalog work,
# and a rebuild with nothing to do, need not pay.
_EXPORTS = {
    "Document": "document",
    "dump": "document",
    "PolicyError": "errors",
    "load_plan": "loader",
    "load_policy": "loader",
    "MATERIALS": "materials",
    "Material": "materials",
    "ActionPlan": "model",
    "DevelopmentArea": "model",
    "Policy": "model",
    "WRITERS": "writers",
    "write": "writers",
}

if TYPE_CHECKING:
    from .document import Document, dump
    from .errors import PolicyError
    from .loader import load_plan, load_policy
    from .materials import MATERIALS, Material
    from .model import ActionPlan, DevelopmentArea, Policy
    from .writers import WRITERS, write


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'planmaterials' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


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
