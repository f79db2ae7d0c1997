"""Writing plan files: the YAML text of an imported plan, and writing a set of them atomically."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from ..limits import MAX_NAME_CHARS, RESERVED_NAMES

__all__ = ["Inline", "plan_yaml", "slug", "write_files"]


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key; a text of several lines as a literal block
    and a list of units on one line, as the example plans are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


class Inline(list):
    """A short list written on one line: ``responsible: [IK, Inst]``."""


def _inline(dumper: yaml.SafeDumper, value: Inline) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(Inline, _inline)


def plan_yaml(data: dict[str, Any], comment: str) -> str:
    """The plan file's text: a comment line on where it came from, then the plan."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,  # never fold a department's sentences over lines
    )
    lines = "".join(f"# {line}\n" for line in comment.splitlines())
    return lines + body


def slug(text: str) -> str:
    """A plan key from a unit's name: lower-case ASCII words joined by hyphens ("" if none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    key = ""
    for word in words:
        longer = f"{key}-{word}" if key else word
        if len(longer) > MAX_NAME_CHARS:
            break
        key = longer
    return "" if key in RESERVED_NAMES else key


def write_files(files: Sequence[tuple[Path, str]]) -> None:
    """Write every file or none: each goes to a temporary file beside it first, and all are
    renamed into place only when all were written."""
    written: list[tuple[Path, Path]] = []
    try:
        for path, text in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
            )
            written.append((Path(temporary), path))
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        for temporary, path in written:
            os.replace(temporary, path)
    except BaseException:
        for temporary, _path in written:
            temporary.unlink(missing_ok=True)
        raise


def _date(dumper: yaml.SafeDumper, value: dt.date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(dt.date, _date)
