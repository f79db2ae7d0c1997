"""The template sandbox answers each class and name once, and its answers stay those of Jinja2."""

from __future__ import annotations

from pathlib import PurePosixPath

import jinja2
import jinja2.sandbox
import pytest

from planmaterials.templating import _Sandbox


class _Item:
    name = "item"


def test_a_name_allowed_on_one_class_stays_refused_on_another():
    env = _Sandbox(undefined=jinja2.StrictUndefined)
    template = env.from_string("{{ x.name }}")
    assert template.render(x=_Item()) == "item"
    for _ in range(2):  # asked again: the remembered answer is the class's own
        with pytest.raises(jinja2.sandbox.SecurityError):
            template.render(x=PurePosixPath("/etc/passwd"))
    assert template.render(x=_Item()) == "item"


def test_refused_names_stay_refused_when_asked_again():
    env = _Sandbox(undefined=jinja2.StrictUndefined)
    for _ in range(3):
        with pytest.raises(jinja2.sandbox.SecurityError):
            env.from_string("{{ x.append(1) }}").render(x=[])
        with pytest.raises(jinja2.sandbox.SecurityError):
            env.from_string("{{ x.__class__ }}").render(x=_Item())


def test_an_object_claiming_another_class_is_checked_every_time():
    class Disguised:
        @property
        def __class__(self):  # what a proxy may do
            return _Item

        name = "disguised"

    env = _Sandbox(undefined=jinja2.StrictUndefined)
    assert env.from_string("{{ x.name }}").render(x=Disguised()) == "disguised"
    assert env._safe_attributes.get((Disguised, "name")) is None


def test_a_strings_format_stays_sandboxed_however_often_it_is_used():
    env = _Sandbox(undefined=jinja2.StrictUndefined)
    template = env.from_string("{{ s.format(x) }}")
    # The name itself is safe on str (and remembered so); its method is wrapped all the same.
    assert env.is_safe_attribute("", "format", "".format)
    assert env.is_safe_attribute("", "format_map", "".format_map)
    for _ in range(3):
        assert template.render(s="<{0.name}>", x=_Item()) == "<item>"
        with pytest.raises(jinja2.sandbox.SecurityError):
            template.render(s="{0.__class__.__mro__}", x=_Item())
        with pytest.raises(jinja2.sandbox.SecurityError):
            env.from_string("{{ s.format_map(x) }}").render(s="{y.__class__}", x={"y": 1})


def test_a_missing_attribute_falls_back_to_the_item_and_then_to_undefined():
    env = _Sandbox(undefined=jinja2.StrictUndefined)
    assert env.from_string("{{ x.name }}").render(x={"name": "from the dict"}) == "from the dict"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ x.nothing }}").render(x=_Item())


class _Methods:
    def plain(self, x):
        return f"<{x}>"

    @jinja2.sandbox.unsafe
    def marked_unsafe(self):
        return "ran"

    def alters(self):
        return "ran"

    alters.alters_data = True  # type: ignore[attr-defined]

    @jinja2.pass_context
    def with_context(self, context, x):
        return f"{context['greeting']} {x}"

    def stops(self):
        raise StopIteration


def test_methods_marked_unsafe_stay_refused_however_often_they_are_called():
    env = _Sandbox(undefined=jinja2.StrictUndefined)
    methods = _Methods()
    for _ in range(3):  # the marks are looked at once per function; the answer stays
        assert env.from_string("{{ m.plain(1) }}").render(m=methods) == "<1>"
        for name in ("marked_unsafe", "alters"):
            with pytest.raises(jinja2.sandbox.SecurityError):
                env.from_string(f"{{{{ m.{name}() }}}}").render(m=methods)


def test_a_method_that_asks_for_the_context_gets_it_in_loops_too():
    env = _Sandbox(undefined=jinja2.StrictUndefined)
    template = env.from_string(
        "{% for g in ['hej'] %}{% set greeting = g %}{{ m.with_context(1) }}{% endfor %}"
        "|{{ m.with_context(2) }}|{% for n in [3] %}{{ m.plain(n) }}{% endfor %}"
    )
    assert template.render(m=_Methods(), greeting="hi") == "hej 1|hi 2|<3>"


def test_a_call_that_raises_stop_iteration_gives_undefined_as_in_jinja2():
    env = _Sandbox(undefined=jinja2.StrictUndefined)
    assert env.from_string("{{ m.stops() is undefined }}").render(m=_Methods()) == "True"
    assert env.from_string("{{ s.upper() }}|{{ s.split(',') | length }}").render(s="a,b") == (
        "A,B|2"
    )
