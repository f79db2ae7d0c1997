"""Reading YAML with line numbers: a cursor over PyYAML's node tree that validates as it reads.

PyYAML's ``safe_load`` forgets where each value came from, so we compose the node tree (safe:
no object construction) and read it through :class:`Cursor`, which knows its file, line and key
path and turns every mismatch into a :class:`PolicyError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import yaml

from .errors import PolicyError
from .limits import (
    MAX_LIST_ITEMS,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    bad_character,
    describe_character,
)
from .suggestions import suggest

__all__ = ["Cursor", "Fields", "check_text", "parse_yaml", "suggest"]

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
)


def parse_yaml(source: str, file: Path) -> Cursor:
    """Compose ``source`` into a node tree and return a cursor at its root."""
    node = _compose_fast(source, file)
    if node is not None:
        return Cursor(node, file, "")
    try:
        node = yaml.compose(source, Loader=_Loader)
    except _TooDeep as exc:
        raise PolicyError(
            f"lists or mappings are nested too deeply (at most {MAX_YAML_DEPTH} levels)",
            file=file,
            line=exc.line,
        ) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, source, file) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise PolicyError(f"invalid YAML: {problem}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise PolicyError(f"invalid YAML: {exc}", file=file) from None
    if node is None:
        raise PolicyError("the file is empty; expected a mapping of keys", file=file, line=1)
    _check_nodes(node, file)
    return Cursor(node, file, "")


# libyaml's composer, where PyYAML was built with it: ten times faster than the pure-Python one.
_FastLoader = getattr(yaml, "CSafeLoader", None)


def _compose_fast(source: str, file: Path) -> yaml.Node | None:
    """The node tree from libyaml, when it reads ``source`` and the tree passes every check.

    Otherwise None, and the pure-Python composer reads the file again: it alone decides what is
    a mistake and how the error names it, so errors are the same with or without libyaml. For
    files both accept, the two give the same tree with the same lines and columns (checked on
    every policy and plan the tests and benchmark read). Tabs are left to the pure-Python
    composer: libyaml accepts a tab after "key:", which PyYAML refuses.
    """
    if _FastLoader is None or "\t" in source:
        return None
    try:
        # libyaml limits nesting itself (1,000 levels), so its recursion stays shallow.
        node = yaml.compose(source, Loader=_FastLoader)
        if node is None:
            return None
        _check_nodes(node, file)
    except Exception:  # any refusal (a YAMLError, a PolicyError...): let PyYAML say why
        return None
    return node


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _Loader(yaml.SafeLoader):
    """PyYAML's safe composer, stopped at :data:`MAX_YAML_DEPTH` levels.

    The composer recurses once per level; deeper files would exhaust Python's stack slowly.
    """

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise _TooDeep(self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _reader_error(exc: yaml.reader.ReaderError, source: str, file: Path) -> PolicyError:
    """A character YAML refuses outright (NUL, ESC, U+FFFE...), with its line."""
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    line = source.count("\n", 0, exc.position) + 1 if exc.position is not None else None
    return PolicyError(
        f"the file contains the character {describe_character(char)}, which a document cannot "
        "hold; remove it",
        file=file,
        line=line,
    )


def _check_nodes(root: yaml.Node, file: Path) -> None:
    """Refuse explicit tags, deep nesting, and more nodes than a policy needs.

    The walk expands aliases as reading the file would, so it stops as soon as the count is
    exceeded: a billion-laughs file (a few aliases, each repeating the one before) or an alias
    to itself is refused after at most :data:`MAX_YAML_NODES` steps.
    """
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    count = 0
    while stack:
        current, depth = stack.pop()
        count += 1
        if count > MAX_YAML_NODES:
            raise PolicyError(
                f"the file has more than {MAX_YAML_NODES:,} values (counting what each "
                "'*alias' repeats); a policy needs far fewer: remove the repetition",
                file=file,
                line=current.start_mark.line + 1,
            )
        if depth > MAX_YAML_DEPTH:
            raise PolicyError(
                f"lists or mappings are nested too deeply (at most {MAX_YAML_DEPTH} levels)",
                file=file,
                line=current.start_mark.line + 1,
            )
        # Refuse explicit tags (``!!python/object`` and the like): a policy is plain data.
        if current.tag not in _PLAIN_TAGS:
            raise PolicyError(
                f"the YAML tag '{current.tag}' is not allowed; write plain values",
                file=file,
                line=current.start_mark.line + 1,
            )
        if isinstance(current, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in current.value for child in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in current.value)


class Cursor:
    """A position in a YAML node tree: the node, its file and its dotted key path."""

    def __init__(self, node: yaml.Node, file: Path, path: str) -> None:
        self.node = node
        self.file = file
        self.path = path

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1

    def error(self, message: str) -> PolicyError:
        return PolicyError(message, file=self.file, line=self.line, key=self.path or None)

    def _child(self, node: yaml.Node, segment: str) -> Cursor:
        path = (
            f"{self.path}.{segment}"
            if self.path and not segment.startswith("[")
            else (f"{self.path}{segment}")
        )
        return Cursor(node, self.file, path)

    def is_null(self) -> bool:
        return isinstance(self.node, yaml.ScalarNode) and self.node.tag == _NULL

    def mapping(self, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> Fields:
        """Read a mapping whose keys are exactly ``required`` plus any of ``optional``."""
        if not isinstance(self.node, yaml.MappingNode):
            raise self.error(f"expected a mapping with the keys {_names(required)}")
        allowed = (*required, *optional)
        children: dict[str, Cursor] = {}
        for key_node, value_node in self.node.value:
            key_cursor = Cursor(key_node, self.file, self.path)
            if not isinstance(key_node, yaml.ScalarNode):
                raise key_cursor.error("expected a plain key")
            key = key_node.value
            where = self._child(value_node, key)
            if key not in allowed:
                raise Cursor(key_node, self.file, where.path).error(
                    f"unknown key; expected one of {_names(allowed)}{suggest(key, allowed)}"
                )
            if key in children:
                raise Cursor(key_node, self.file, where.path).error(
                    f"duplicate key (first given on line {children[key].line})"
                )
            children[key] = where
        missing = [key for key in required if key not in children or children[key].is_null()]
        if missing:
            raise self.error(f"missing required key '{missing[0]}'")
        return Fields(self, children)

    def items(self, *, min_items: int = 0) -> Iterator[Cursor]:
        """Read a sequence and yield a cursor per item."""
        if not isinstance(self.node, yaml.SequenceNode):
            raise self.error("expected a list (items starting with '- ')")
        if len(self.node.value) < min_items:
            raise self.error(f"expected a list of at least {min_items} item(s)")
        if len(self.node.value) > MAX_LIST_ITEMS:
            raise self.error(
                f"the list has {len(self.node.value):,} items; at most {MAX_LIST_ITEMS:,}"
            )
        for index, node in enumerate(self.node.value):
            yield self._child(node, f"[{index}]")

    def text(self) -> str:
        """Read a non-empty text. Numbers and words like ``yes`` are taken as written."""
        node = self.node
        if not isinstance(node, yaml.ScalarNode) or node.tag == _NULL:
            raise self.error("expected a text")
        value = _clean(node.value)
        if not value:
            raise self.error("expected a text, found an empty one")
        check_text(value, self)
        return value

    def title(self) -> str:
        """Read a title or name: a text short enough for a heading, a page header or a file."""
        value = self.text()
        if len(value) > MAX_TITLE_CHARS:
            raise self.error(
                f"the title has {len(value):,} characters; at most {MAX_TITLE_CHARS} are allowed "
                "(longer text belongs in a description)"
            )
        return value

    def texts(self, *, min_items: int = 0) -> tuple[str, ...]:
        return tuple(item.text() for item in self.items(min_items=min_items))

    def date(self) -> dt.date:
        """Read a date written as ``2025-06-12``."""
        node = self.node
        if isinstance(node, yaml.ScalarNode) and node.tag in (_TIMESTAMP, _STR):
            try:
                return dt.date.fromisoformat(node.value.strip()[:10])
            except ValueError:
                pass
        raise self.error("expected a date written as YYYY-MM-DD, e.g. 2025-06-12")

    def date_or_text(self) -> dt.date | str:
        if isinstance(self.node, yaml.ScalarNode) and self.node.tag == _TIMESTAMP:
            return self.date()
        return self.text()

    def choice(self, choices: tuple[str, ...]) -> str:
        value = self.text()
        if value not in choices:
            raise self.error(f"'{value}' is not one of {_names(choices)}{suggest(value, choices)}")
        return value


class Fields:
    """The children of a validated mapping, read by key."""

    def __init__(self, parent: Cursor, children: dict[str, Cursor]) -> None:
        self.parent = parent
        self.children = children

    def __getitem__(self, key: str) -> Cursor:
        return self.children[key]

    def get(self, key: str) -> Cursor | None:
        cursor = self.children.get(key)
        return None if cursor is None or cursor.is_null() else cursor


def check_text(value: str, cursor: Cursor) -> None:
    """Refuse a text a document cannot hold (a control character) or that is far too long."""
    char = bad_character(value)
    if char is not None:
        raise cursor.error(
            f"the text contains the character {describe_character(char)}, which a document "
            "cannot hold; remove it (or write a line break as a new line)"
        )
    if len(value) > MAX_TEXT_CHARS:
        raise cursor.error(
            f"the text has {len(value):,} characters; at most {MAX_TEXT_CHARS:,} are allowed"
        )


def _clean(value: str) -> str:
    # Folded and literal blocks end with a newline; paragraphs are kept, trailing space is not.
    return "\n".join(line.rstrip() for line in value.strip().splitlines())


def _names(keys: tuple[str, ...]) -> str:
    return ", ".join(f"'{key}'" for key in keys)
