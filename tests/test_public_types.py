"""Every type a public signature names can be imported from ``planmaterials`` (or is stdlib)."""

from __future__ import annotations

import ast
import builtins
import importlib
import inspect
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, get_args, get_origin

import jinja2

import planmaterials

EXPORTED = {name: getattr(planmaterials, name) for name in planmaterials.__all__}
UNRESOLVED = object()

# Types of the libraries the package builds on that its API hands out on purpose.
DEPENDENCIES = {
    jinja2.Environment: "Templates.environment: the Jinja2 environment a material renders in",
}


def _is_known(value: object) -> bool:
    """Exported, from the standard library, or a type alias made only of such types."""
    if any(value is known for known in (*EXPORTED.values(), *DEPENDENCIES)):
        return True
    if get_origin(value) is not None:  # an alias: ``Block = Heading | ...``, ``tuple[str, ...]``
        return all(_is_known(part) for part in (get_origin(value), *get_args(value)))
    if isinstance(value, TypeVar) or value is None or value is Ellipsis:
        return True  # ``T``; ``None`` and ``...`` as in an alias ``X | None``, ``tuple[X, ...]``
    module = getattr(value, "__module__", None)
    if not isinstance(module, str):
        return False
    top = module.split(".", 1)[0]
    return top == "builtins" or top in sys.stdlib_module_names


def _signatures() -> Iterator[tuple[str, Callable[..., Any], dict[str, Any]]]:
    """Every public function and method of the exports, with the globals its names resolve in."""
    for name, value in EXPORTED.items():
        if inspect.isfunction(value):
            yield name, value, _namespace(sys.modules[value.__module__])
        elif inspect.isclass(value):
            namespace = _namespace(sys.modules[value.__module__])
            for attribute, member in inspect.getmembers(value):
                if attribute.startswith("_") and attribute != "__init__":
                    continue
                function = member.fget if isinstance(member, property) else member
                function = getattr(function, "__func__", function)  # class and static methods
                if inspect.isfunction(function) and function.__module__.startswith("planmaterials"):
                    yield f"{name}.{attribute}", function, namespace


def _namespace(module: Any) -> dict[str, Any]:
    """The module's globals, with the names it imports only for type checking resolved too."""
    names: dict[str, Any] = {}
    tree = ast.parse(inspect.getsource(module))
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom):
                    base = importlib.import_module(
                        "." * statement.level + (statement.module or ""), module.__package__
                    )
                    for alias in statement.names:
                        names[alias.asname or alias.name] = getattr(base, alias.name)
    return {**names, **vars(module)}


def _named(annotation: object, namespace: dict[str, Any]) -> Iterator[tuple[str, object]]:
    """The objects that an annotation (a string under postponed evaluation) names."""
    if not isinstance(annotation, str):
        yield repr(annotation), annotation
        return
    for node in ast.walk(ast.parse(annotation, mode="eval")):
        if isinstance(node, ast.Name):
            yield node.id, namespace.get(node.id, getattr(builtins, node.id, UNRESOLVED))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner = namespace.get(node.value.id)
            yield ast.unparse(node), getattr(owner, node.attr, UNRESOLVED)


def test_every_type_in_a_public_signature_is_exported_or_from_the_standard_library():
    leaks = set()
    for where, function, namespace in _signatures():
        for annotation in function.__annotations__.values():
            for name, value in _named(annotation, namespace):
                if inspect.ismodule(value):
                    continue  # the ``dt`` of ``dt.date``: the attribute is checked on its own
                if not _is_known(value):
                    leaks.add(f"{where}: {name}")
    assert not leaks, "types not exported from planmaterials:\n" + "\n".join(sorted(leaks))


def test_the_types_of_exported_tables_are_exported_too():
    leaks = set()
    for name, value in EXPORTED.items():
        if inspect.isfunction(value) or inspect.isclass(value) or not isinstance(value, dict):
            continue
        module = sys.modules[_defining_module(name, value)]
        for annotated, value in _named(module.__annotations__[name], vars(module)):
            if not inspect.ismodule(value) and not _is_known(value):
                leaks.add(f"{name}: {annotated}")
    assert not leaks, "types not exported from planmaterials:\n" + "\n".join(sorted(leaks))


def _defining_module(name: str, value: object) -> str:
    for module_name, module in sys.modules.items():
        if (
            module_name.startswith("planmaterials.")
            and vars(module).get(name) is value
            and name in getattr(module, "__annotations__", {})
        ):
            return module_name
    raise AssertionError(f"no module annotates {name}")


def test_the_check_sees_functions_methods_properties_and_dataclass_fields():
    seen = {where for where, _, _ in _signatures()}
    assert {"build", "Policy.__init__", "Policy.area", "LocalizedPolicy.lang"} <= seen
    assert {"Catalogs.load", "Templates.__init__"} <= seen


def test_the_check_refuses_internal_third_party_and_unresolved_types():
    assert _is_known(planmaterials.Block) and _is_known(tuple[planmaterials.Span, ...])
    for leak in (
        planmaterials.markup._Parser,
        jinja2.Template,
        planmaterials.Block | jinja2.Template,
        UNRESOLVED,
    ):
        assert not _is_known(leak)
