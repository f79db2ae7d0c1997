"""The final sweep of a page's content: anything painted outside a marked sequence is an artifact.

reportlab paints some things the writers never mark (a list's bullets and numbers, the ``n``
it writes before every path). A tagged PDF may leave no painted content untagged, so each
unmarked text object, path and XObject is wrapped in ``/Artifact BMC … EMC``. Only whole text
objects and whole paths (construction to painting) are wrapped: a marked sequence must not cut
into one, and state operators (``q``, ``cm``, colours) are not content, so they stay where they
are. The stream is read by a small tokenizer of its own; everything but the inserted markers is
left exactly as reportlab wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["mark_the_rest_as_artifacts"]

_PATH_START = frozenset({"m", "re"})
_PATH_END = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"})
_PAINT = frozenset({"Do", "sh", "BI"})  # BI: a whole inline image, read as one instruction
_MARKS = {"BDC": 1, "BMC": 1, "EMC": -1}
_NOT_OPERATORS = frozenset({"true", "false", "null"})

# One token of a content stream (ISO 32000-1, 7.2 and 7.8.2); a literal string is matched
# here only if it has no unescaped parentheses inside, else scanned by _string_end.
_TOKEN = re.compile(
    r"""(?P<space>(?:\s|%[^\r\n]*)+)
    | (?P<string>\((?:[^()\\]|\\.)*\))
    | (?P<nested>\()
    | (?P<open><<|\[|\{)
    | (?P<close>>>|\]|\})
    | (?P<hex><[^<>]*>)
    | (?P<name>/[^\s()<>\[\]{}/%]*)
    | (?P<word>[^\s()<>\[\]{}/%]+)""",
    re.VERBOSE | re.DOTALL,
)
# The end of an inline image's data: ``EI`` between white space (data is ASCII-encoded by
# reportlab, so ``EI`` cannot occur inside it).
_INLINE_IMAGE_END = re.compile(r"\sEI(?=\s|$)")


def _string_end(stream: str, start: int) -> int:
    """The position after the literal string that opens at ``start`` (balanced parentheses)."""
    depth, position = 0, start
    while position < len(stream):
        char = stream[position]
        if char == "\\":
            position += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if not depth:
                return position + 1
        position += 1
    raise ValueError("a literal string in the content stream is not closed")


def _instructions(stream: str, position: int, stop: int) -> Iterator[tuple[int, int, str]]:
    """Every instruction from ``position`` to ``stop`` as (start, end, operator).

    ``start`` is where its first operand begins, ``end`` where its operator ends.
    """
    start, nesting = None, 0
    while position < stop:
        token = _TOKEN.match(stream, position, stop)
        if token is None:
            raise ValueError(f"unreadable content stream at {position}: {stream[position:][:20]!r}")
        kind, end = token.lastgroup, token.end()
        if kind == "nested":
            end = _string_end(stream, position)
        if kind != "space" and start is None:
            start = position
        if kind == "open":
            nesting += 1
        elif kind == "close":
            nesting -= 1
        elif kind == "word" and not nesting and _is_operator(token.group()):
            operator = token.group()
            if operator == "BI":
                end = _inline_image_end(stream, end)
            yield start, end, operator
            start = None
        position = end
    if start is not None or nesting:
        raise ValueError("the content stream ends inside an instruction")


def _inline_image_end(stream: str, position: int) -> int:
    data_end = _INLINE_IMAGE_END.search(stream, position)
    if data_end is None:
        raise ValueError("an inline image in the content stream has no end")
    return data_end.end()


def _is_operator(word: str) -> bool:
    """A bare word that is neither a number nor a constant is an operator."""
    return word[0] not in "+-.0123456789" and word not in _NOT_OPERATORS


def _sweep(stream: str, position: int, stop: int) -> tuple[list[tuple[int, int]], int, bool]:
    """What to wrap from ``position`` (outside any marked sequence) to ``stop``.

    Also the depth of marked content reached at ``stop`` and whether a text object or path
    is still open there.
    """
    depth = 0
    unit: tuple[int, bool] | None = None  # where an unmarked text object or path began
    wraps: list[tuple[int, int]] = []
    for start, end, operator in _instructions(stream, position, stop):
        if depth or (unit is None and operator in _MARKS):
            depth += _MARKS.get(operator, 0)
            continue
        if unit is not None:
            unit_start, text = unit
            if (operator == "ET") if text else (operator in _PATH_END):
                wraps.append((unit_start, end))
                unit = None
        elif operator == "BT" or operator in _PATH_START:
            unit = (start, operator == "BT")
        elif operator in _PATH_END or operator in _PAINT:
            # A painting operator on its own: reportlab writes a lone ``n`` before paths.
            wraps.append((start, end))
    return wraps, depth, unit is not None


# Skimming for marked-content operators only: strings, hex strings and comments are skipped
# whole, so that a word inside them is never taken for an operator.
_SKIM = re.compile(
    r"""\((?:[^()\\]|\\.)*\)
    | (?P<nested>\()
    | <[0-9A-Fa-f\s]*>
    | %[^\r\n]*
    | (?<![^\s\])>}])(?P<operator>BDC|BMC|EMC|BI)(?=[\s/\[(<%]|$)""",
    re.VERBOSE | re.DOTALL,
)


def _skimmed_wraps(stream: str) -> list[tuple[int, int]] | None:
    """The wraps, read only between the page's top-level marked sequences (most of a page is
    inside one): ``None`` if what the skim found does not agree with a full reading."""
    wraps: list[tuple[int, int]] = []
    position, depth, outside = 0, 0, 0  # outside: where the current unmarked stretch began
    while match := _SKIM.search(stream, position):
        position = match.end()
        operator = match.group("operator")
        if match.group("nested") is not None:
            position = _string_end(stream, match.start())
        elif operator == "BI":
            position = _inline_image_end(stream, position)
        elif operator == "EMC":
            depth -= 1
            if depth < 0:
                return None
            if not depth:
                outside = position
        elif operator is not None:
            if not depth:
                found, reached, open_unit = _sweep(stream, outside, position)
                if reached != 1 or open_unit:
                    return None
                wraps += found
            depth += 1
    found, reached, open_unit = _sweep(stream, outside, len(stream))
    if depth or reached or open_unit:
        return None
    return wraps + found


def mark_the_rest_as_artifacts(stream: str) -> str:
    """``stream`` (a page's content) with every unmarked painting wrapped as an artifact."""
    wraps = _skimmed_wraps(stream)
    if wraps is None:  # read it all, as the slow but plain way does
        wraps, depth, open_unit = _sweep(stream, 0, len(stream))
        if depth or open_unit:
            raise ValueError("unbalanced marked content or an unfinished text object or path")
    if not wraps:
        return stream
    parts, done = [], 0
    for start, end in wraps:
        parts += [stream[done:start], "/Artifact BMC\n", stream[start:end], "\nEMC"]
        done = end
    parts.append(stream[done:])
    return "".join(parts)
