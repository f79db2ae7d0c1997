"""indented_json writes exactly the text of ``json.dumps(data, indent=2, ensure_ascii=False)``."""

from __future__ import annotations

import collections
import enum
import json
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planmaterials import jsontext
from planmaterials.changes import compare
from planmaterials.jsontext import indented_json
from planmaterials.kitfolder import MANIFEST


def _dumps(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


# Every character, surrogates and control characters included, and some that json escapes.
TEXT = st.text(st.characters(blacklist_categories=())) | st.sampled_from(
    ["", '"', "\\", "\n\t\r\b\f", "\x00\x1f\x7f", "\u2028\u2029", "å ä ö", "😀", "\ud800"]
)
NUMBERS = (
    st.integers()
    | st.integers(min_value=-(10**80), max_value=10**80)
    | st.floats()  # with nan and both infinities, which json writes as NaN and Infinity
    | st.sampled_from([0.0, -0.0, 1e16, 1e-7, 2**53 + 1.0, 1.7976931348623157e308])
)
SCALARS = TEXT | NUMBERS | st.booleans() | st.none()
KEYS = TEXT | st.integers() | st.floats() | st.booleans() | st.none()
DATA = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(TEXT, inner, max_size=5)
        | st.dictionaries(KEYS, inner, max_size=4)
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(DATA)
def test_any_nesting_of_json_values_is_written_as_json_writes_it(data):
    assert indented_json(data) == _dumps(data)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(TEXT, st.lists(st.dictionaries(TEXT, TEXT | st.none(), max_size=4))))
def test_many_dicts_with_the_same_keys_are_written_as_json_writes_them(data):
    assert indented_json(data) == _dumps(data)


class _Level(enum.IntEnum):
    HIGH = 3


class _Name(enum.StrEnum):
    KIT = "kit"


class _Text(str):
    pass


class _Number(float):
    pass


class _Items(list):
    pass


class _Map(dict):
    pass


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        (),
        "",
        0,
        None,
        True,
        {"empty": {}, "none": [], "nested": [[], {}, [[{}]]]},
        {"a": 1, "b": {"c": [1, 2.5, None, False, "x"]}, "d": ()},
        {2: "int", 2.5: "float", True: "bool", None: "none", -0.0: "zero"},
        [{1: "int"}, {True: "bool"}, {1.0: "float"}, {"1": "str"}, {1: "int again"}],
        {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")},
        {"big": 10**300, "negative": -(10**40)},
        [_Level.HIGH, _Name.KIT, _Text("sub"), _Number(1.5), _Items([1, _Map(a=2)])],
        {_Level.HIGH: 1, _Name.KIT: 2, _Text("k"): 3},
        collections.OrderedDict([("z", 1), ("a", 2)]),
        [[[[[[[[[[[[["deep"]]]]]]]]]]]]],
    ],
)
def test_plain_and_unusual_values_are_written_as_json_writes_them(data):
    assert indented_json(data) == _dumps(data)


def _nested(depth: int) -> object:
    nested: object = "leaf"
    for level in range(depth):
        nested = [nested] if level % 2 else {"k": nested}
    return nested


def test_a_structure_over_a_hundred_levels_deep_is_left_to_json(monkeypatch):
    # Near the recursion limit json and a recursive function would fail at different depths.
    shallow, deep = _nested(100), _nested(101)
    expected = _dumps(shallow)
    asked = []
    fake = SimpleNamespace(dumps=lambda data, **options: asked.append(data) or "json's own")
    monkeypatch.setattr(jsontext, "json", fake)
    assert indented_json(shallow) == expected and asked == []
    assert indented_json(deep) == "json's own" and asked == [deep]


def _same_error(data: object) -> None:
    with pytest.raises(Exception) as theirs:
        _dumps(data)
    with pytest.raises(theirs.type) as ours:
        indented_json(data)
    assert str(ours.value) == str(theirs.value)


def test_what_json_refuses_is_refused_with_its_own_error():
    circular: list[object] = []
    circular.append({"again": circular})
    _same_error(circular)
    _same_error({"object": object()})
    _same_error({(1, 2): "tuple key"})
    _same_error([{1, 2}])
    _same_error({"too long": 10**5000})


def test_a_change_report_is_written_as_json_writes_it():
    def manifest(text: str, digest: str) -> dict:
        return {
            "files": [{"path": "sv/a.pdf", "material": "poster", "lang": "sv", "area": None,
                       "sha256": digest}],
            "texts": {"t": {"sha256": f"#{text}", "text": text, "materials": ["poster"]}},
        }  # fmt: skip

    report = compare(manifest("Gammal «text»", "1"), manifest("Ny\ttext ✓", "2")).as_json()
    assert report["texts"]["changed"]
    assert indented_json(report) == _dumps(report)


def test_a_built_kits_manifest_is_the_text_json_writes(full_kit):
    written = (full_kit / MANIFEST).read_bytes()
    manifest = json.loads(written)
    assert manifest["untranslated"] and any("unit" in entry for entry in manifest["files"])
    assert written == (_dumps(manifest) + "\n").encode("utf-8")
    assert indented_json(manifest) + "\n" == written.decode("utf-8")
