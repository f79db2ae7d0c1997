"""What ``{{ … }}`` outputs is escaped and noted exactly as Jinja2's own escape and finalize do."""

from __future__ import annotations

import datetime as dt
import itertools

import jinja2
import jinja2.sandbox
import pytest
from markupsafe import Markup, escape

from planmaterials.shown import KeyedText, note, recording
from planmaterials.templating import _Sandbox


class _Html:
    def __html__(self) -> str:
        return "<b>shown as it is</b>"


class _Plain:
    def __str__(self) -> str:
        return "a <plain> & 'odd' \"object\""


_PIECES = ["", "a", "&", "<", ">", '"', "'", "&amp;", "å–ö", "\n", "%s", "{0}"]
_TEXTS = ["".join(parts) for parts in itertools.product(_PIECES, repeat=3)]
_VALUES = [
    *_TEXTS,
    *(KeyedText(text, "policy", f"key.{n}") for n, text in enumerate(_TEXTS[:50])),
    Markup("<em>already markup</em> &amp;"),
    Markup.escape("a label & <more>"),
    3,
    2.5,
    None,
    True,
    dt.date(2027, 3, 31),
    ("a", "<b>"),
    ["<li>"],
    {"k": "<v>"},
    _Html(),
    _Plain(),
]


def _environment() -> _Sandbox:
    return _Sandbox(autoescape=True, undefined=jinja2.StrictUndefined, finalize=note)


def _jinjas_own() -> jinja2.Environment:
    return jinja2.sandbox.ImmutableSandboxedEnvironment(
        autoescape=True, undefined=jinja2.StrictUndefined, finalize=note
    )


_SOURCES = [
    "{{ v }}",
    "[{{ v }}|{{ v ~ '&' }}]",
    "{% set b %}<p>{{ v }}</p>{% endset %}{{ b }}",
    "{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}{{ m(v) }}",
    "{% for x in [v, v] %}{{ x }}{% endfor %}",
]


def test_every_value_is_output_as_by_jinjas_own_escape_and_finalize():
    ours, theirs = _environment(), _jinjas_own()
    for source in _SOURCES:
        ours_template, their_template = ours.from_string(source), theirs.from_string(source)
        for value in _VALUES:
            assert ours.output_text(value) == str(escape(value))
            with recording() as shown:
                expected = their_template.render(v=value)
            with recording() as noted:
                assert ours_template.render(v=value) == expected
            assert noted == shown


def test_a_keyed_text_is_noted_each_time_it_is_output():
    env = _environment()
    text = KeyedText("Mål & medel", "policy", "area.home.title")
    with recording() as shown:
        assert env.from_string("<h1>{{ t }}</h1>").render(t=text) == "<h1>Mål &amp; medel</h1>"
    assert shown == {("policy", "area.home.title")}


def test_autoescape_switched_off_in_a_block_outputs_the_text_as_it_is():
    env = _environment()
    source = (
        "{% autoescape false %}{{ v }}{% endautoescape %}|"
        "{% autoescape flag %}{{ v }}{% endautoescape %}"
    )
    assert env.from_string(source).render(v="<&>", flag=False) == "<&>|<&>"
    assert env.from_string(source).render(v="<&>", flag=True) == "<&>|&lt;&amp;&gt;"


def test_an_undefined_value_in_output_is_still_an_error():
    env = _environment()
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()
