"""libyaml reads policies and plans faster, with the same trees and the same errors as PyYAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from planmaterials import yamlnodes
from planmaterials.errors import PolicyError
from planmaterials.yamlnodes import parse_yaml

from .conftest import DEFAULT_POLICY_PATH

ROOT = Path(__file__).resolve().parents[1]
needs_libyaml = pytest.mark.skipif(
    not getattr(yaml, "__with_libyaml__", False), reason="PyYAML was built without libyaml"
)


def _tree(node: yaml.Node) -> list[tuple]:
    """Every node in reading order with what the loader reads of it: kind, tag, place, value."""
    found = []
    stack = [node]
    while stack:
        current = stack.pop()
        value = current.value if isinstance(current, yaml.ScalarNode) else None
        mark = current.start_mark
        found.append((type(current).__name__, current.tag, mark.line, mark.column, value))
        if isinstance(current, yaml.MappingNode):
            stack.extend(child for pair in reversed(current.value) for child in reversed(pair))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))
    return found


@needs_libyaml
@pytest.mark.parametrize(
    "path",
    [DEFAULT_POLICY_PATH, *sorted((ROOT / "examples" / "plans").glob("*.yaml"))],
    ids=lambda path: path.name,
)
def test_libyaml_and_pyyaml_give_the_same_nodes_at_the_same_lines(path: Path):
    source = path.read_text(encoding="utf-8")
    fast = yamlnodes._compose_fast(source, path)
    assert fast is not None
    assert _tree(fast) == _tree(yaml.compose(source, Loader=yaml.SafeLoader))


def test_a_tab_after_a_key_is_refused_as_pyyaml_refuses_it(tmp_path: Path):
    # libyaml would accept it; the file is read by PyYAML, which decides what is a mistake.
    with pytest.raises(PolicyError) as info:
        parse_yaml("title: x\nkey:\tvalue\n", tmp_path / "p.yaml")
    assert (info.value.line, info.value.message) == (
        2,
        "invalid YAML: found character '\\t' that cannot start any token",
    )


def test_nesting_deeper_than_libyaml_allows_is_still_refused_as_too_deep(tmp_path: Path):
    with pytest.raises(PolicyError) as info:
        parse_yaml("a: " + "[" * 2000 + "]" * 2000 + "\n", tmp_path / "p.yaml")
    assert "nested too deeply" in info.value.message
    assert info.value.line == 1


def test_errors_are_the_same_without_libyaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    bad = ["a: [1, 2\n", "a: 1\na: 2\nb: &x [*x]\n", "a: !!python/object x\n", "- [" * 80]
    errors = []
    for loader in (yamlnodes._FastLoader, None):
        monkeypatch.setattr(yamlnodes, "_FastLoader", loader)
        for source in bad:
            with pytest.raises(PolicyError) as info:
                parse_yaml(source, tmp_path / "p.yaml")
            errors.append((info.value.line, info.value.message))
    assert errors[: len(bad)] == errors[len(bad) :]
