"""JSON text indented by two spaces, as ``json.dumps(data, indent=2, ensure_ascii=False)``.

With ``indent`` set, the standard library leaves its C encoder for a pure-Python chain of
generators, which takes tens of milliseconds on the manifest of a kit with many unit plans.
Here one recursive function appends to a list and escapes strings with the C string encoder:
the same text in about half the time. Whatever it is not sure to write the same way (an object
json would refuse, a circular or very deep structure, a number too long to write) goes to
``json.dumps`` itself, so that the text, or the error, is always json's own.
"""

import json
from json.encoder import encode_basestring
from typing import Any

__all__ = ["indented_json"]

_INDENT = "  "
_INFINITY = float("inf")
# Deeper than this, json's own encoder decides: near the interpreter's recursion limit the two
# would fail at different depths, and a circular structure must get json's error.
_DEEPEST = len("\n" + _INDENT * 100)


class _NotPlain(Exception):
    """A value this module leaves to ``json.dumps``."""


def indented_json(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)``, quicker for plain data."""
    parts: list[str] = []
    try:
        _value(data, parts, "\n", {})
    except (_NotPlain, RecursionError, ValueError):
        # json's own answer: its text for what it accepts, its error for what it refuses
        # (a circular structure, an object it cannot encode, an int too long to write).
        return json.dumps(data, indent=2, ensure_ascii=False)
    return "".join(parts)


def _float(value: float) -> str:
    # json.encoder's floatstr with allow_nan, json.dumps's default.
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _scalar(value: Any) -> str:
    """A value that is no container, written as json writes it; in json's order of checks."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    raise _NotPlain


def _key(key: Any) -> str:
    """A dict key as json writes it (a key json would refuse is left to json to refuse)."""
    if isinstance(key, str):
        return encode_basestring(key)
    if isinstance(key, float):
        return encode_basestring(_float(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return encode_basestring(int.__repr__(key))
    raise _NotPlain


def _value(value: Any, out: list[str], newline: str, keys: dict[str, str]) -> None:
    """Append ``value`` to ``out``; ``newline`` is a line break and the current indent.

    ``keys`` holds each str key written so far as written (a manifest repeats a few keys
    thousands of times).
    """
    kind = type(value)
    if kind is dict or isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + _INDENT
        if len(inner) > _DEEPEST:
            raise _NotPlain
        between = "," + inner
        append = out.append
        append("{" + inner)
        for key, item in value.items():
            if type(key) is str:
                text = keys.get(key)
                if text is None:
                    text = keys[key] = encode_basestring(key) + ": "
            else:
                text = _key(key) + ": "
            append(text)
            # Strings inline: a call per string would cost about as much as all the rest.
            if type(item) is str:
                append(encode_basestring(item))
            else:
                _value(item, out, inner, keys)
            append(between)
        out[-1] = newline + "}"  # in place of the separator after the last item
    elif kind is list or kind is tuple or isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + _INDENT
        if len(inner) > _DEEPEST:
            raise _NotPlain
        between = "," + inner
        append = out.append
        append("[" + inner)
        for item in value:
            if type(item) is str:
                append(encode_basestring(item))
            else:
                _value(item, out, inner, keys)
            append(between)
        out[-1] = newline + "]"  # in place of the separator after the last item
    else:
        out.append(_scalar(value))
