"""Setting activities' ``status`` and ``comment`` in a plan file's text, leaving the rest as it is.

A follow-up changes two fields per activity; the department's file keeps its comments, order,
quoting and layout: each value is replaced, inserted after the activity's last field or removed
in place, found by the positions PyYAML gives every node.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import yaml

__all__ = ["Edit", "EditError", "set_activity_fields"]

# (area id, the activity's place among the area's activities, field name, new value or None)
Edit = tuple[str, int, str, str | None]


class EditError(Exception):
    """The plan file is written in a way these edits cannot be made to (a flow mapping)."""


def set_activity_fields(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with each activity's field set to its value (None removes it)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    nodes = _activity_nodes(root)
    changes: list[tuple[int, int, str]] = []  # (start, end, replacement) in the text
    for area, index, name, value in edits:
        node = nodes[(area, index)]
        if node.flow_style:
            raise EditError(
                "an activity written on one line ({...}) cannot take its follow-up; write it as "
                "a block, one field per line"
            )
        changes.append(_change(text, node, name, value))
    for start, end, replacement in sorted(changes, key=lambda c: c[0], reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _activity_nodes(root: yaml.Node) -> dict[tuple[str, int], yaml.MappingNode]:
    found: dict[tuple[str, int], yaml.MappingNode] = {}
    for area in _value(root, "areas").value:
        area_id = _value(area, "area").value
        activities = [
            activity
            for goal in _value(area, "goals").value
            for activity in _value(goal, "activities").value
        ]
        for index, activity in enumerate(activities):
            found[(area_id, index)] = activity
    return found


def _value(node: yaml.MappingNode, key: str) -> yaml.Node:
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node
    raise KeyError(key)


def _change(
    text: str, node: yaml.MappingNode, name: str, value: str | None
) -> tuple[int, int, str]:
    indent = node.value[0][0].start_mark.column
    for position, (key_node, value_node) in enumerate(node.value):
        if key_node.value != name:
            continue
        if position == 0:  # it shares its line with the item's "- "
            raise EditError(f"write '{name}' after the activity's other fields, not first")
        start = key_node.start_mark.index - indent  # the whole line, its indentation too
        end = _line_end(text, _end(value_node))
        if value is None:
            return start, end, ""
        return start, end, _field(name, value, indent)
    if value is None:
        return 0, 0, ""
    after = _line_end(text, _end(node.value[-1][1]))
    return after, after, _field(name, value, indent)


def _end(node: yaml.Node) -> int:
    """Where a value's own text ends: a block list or mapping ends with its last item (its
    end mark lies at the next key, past any comment lines between)."""
    if isinstance(node, yaml.ScalarNode) or node.flow_style or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return _end(last[1] if isinstance(last, tuple) else last)


def _line_end(text: str, index: int) -> int:
    """The start of the line after ``index`` (a block scalar's end already is one)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _field(name: str, value: str, indent: int) -> str:
    pad = " " * indent
    if "\n" in value:
        block = "\n".join(f"{pad}  {line}" if line else "" for line in value.split("\n"))
        candidate = f"{pad}{name}: |-\n{block}\n"
        if _reads_back(candidate, indent, name, value):
            return candidate
    plain = yaml.safe_dump(value, allow_unicode=True, width=1_000_000).removesuffix("\n...\n")
    candidate = f"{pad}{name}: {plain.strip()}\n"
    if "\n" not in plain.strip() and _reads_back(candidate, indent, name, value):
        return candidate
    return f"{pad}{name}: {json.dumps(value, ensure_ascii=False)}\n"


def _reads_back(candidate: str, indent: int, name: str, value: str) -> bool:
    """Whether ``candidate`` (a field at ``indent``) reads back as exactly ``value``."""
    try:
        data = yaml.safe_load("\n".join(line[indent:] for line in candidate.split("\n")))
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and data.get(name) == value
