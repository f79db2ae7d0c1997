"""Template labels (gettext and friends) give what Jinja2's newstyle gettext gives, noted."""

from __future__ import annotations

import jinja2
import jinja2.sandbox
import pytest
from markupsafe import Markup

from planmaterials.i18n import LABELS
from planmaterials.shown import current_record, recording
from planmaterials.templating import _gettext_callables, _Sandbox


class _Catalogs:
    """Labels translated from a table, and every lookup made, as the real catalogs record."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.asked: list[tuple[str, str]] = []

    def pgettext(self, context: str, message: str) -> str:
        self.asked.append((context, message))
        return self.table.get(context, message)


_TABLE = {
    "label.amp": "Mål & <medel>",
    "label.percent": "%(share)s %% klart",
    "label.count": "%(num)s aktiviteter i %(context)s",
    "One activity": "En aktivitet",
    "%(num)s activities": "%(num)s aktiviteter",
    "label.bad": "50 % klart",
}

_TEMPLATES = [
    "{{ pgettext('label.amp', 'Goal & means') }}",
    "{{ pgettext('label.percent', 'x', share='<b>') }}",
    "{{ pgettext('label.count', 'x', num=3) }}",
    "{{ pgettext('label.none', 'Untranslated') }}|{{ gettext('One activity') }}",
    "{{ _('One activity') }} {{ ngettext('One activity', '%(num)s activities', 2) }}",
    "{{ npgettext('label.count', 'a', 'b', 5) }}",
    "{% trans %}One activity{% endtrans %}",
    "{% trans n=4 %}One activity{% pluralize %}{{ n }} activities{% endtrans %}",
    "{% trans 'label.percent' share='&' %}x{% endtrans %}",
    "{% set x = pgettext('label.amp', 'a') %}{{ x ~ '<' }}{{ x | length }}",
    "{% autoescape false %}{{ pgettext('label.amp', 'a') }}{% endautoescape %}",
    "{{ pgettext('label.count', 'x', num=1, context='&') }}",
    "{% for n in [1, 2] %}{{ pgettext('label.count', 'x', num=n) }}{{ _('One activity') }}"
    "{% endfor %}",
    "{% for n in [1, 2] %}{% trans %}One activity{% endtrans %}{% endfor %}",
]


def _jinjas_own(catalogs: _Catalogs) -> jinja2.Environment:
    """Jinja2's newstyle wrappers around the plain label lookup the templates had before."""
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(
        autoescape=True, extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined
    )

    def pgettext(context: str, message: str) -> Markup:
        shown = current_record()
        if shown is not None:
            shown.add((LABELS, context))
        return Markup.escape(catalogs.pgettext(context, message))

    def gettext(message: str) -> Markup:
        return pgettext(message, message)

    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext,
        lambda s, p, n: gettext(s if n == 1 else p),
        newstyle=True,
        pgettext=pgettext,
        npgettext=lambda c, s, p, n: pgettext(c, s if n == 1 else p),
    )
    return env


def _ours(catalogs: _Catalogs) -> jinja2.Environment:
    env = _Sandbox(
        autoescape=True, extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined
    )
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.add_own_callables(_gettext_callables(catalogs))  # type: ignore[arg-type]
    return env


def _render(env: jinja2.Environment, source: str) -> tuple[str, set[tuple[str, str]]]:
    with recording() as shown:
        text = env.from_string(source).render()
    return text, shown


@pytest.mark.parametrize("source", _TEMPLATES)
def test_labels_render_and_are_noted_as_with_jinjas_own_newstyle_gettext(source):
    theirs, ours = _Catalogs(_TABLE), _Catalogs(_TABLE)
    for _ in range(2):  # the second time from what the first remembered
        assert _render(_ours(ours), source) == _render(_jinjas_own(theirs), source)
    assert ours.asked == theirs.asked  # every lookup is still made, for the missing report


def test_a_label_that_is_not_a_format_fails_as_with_jinjas_own_newstyle_gettext():
    source = "{{ pgettext('label.bad', 'x') }}"
    with pytest.raises(ValueError) as theirs:
        _render(_jinjas_own(_Catalogs(_TABLE)), source)
    with pytest.raises(ValueError) as ours:
        _render(_ours(_Catalogs(_TABLE)), source)
    assert str(ours.value) == str(theirs.value)


def test_a_label_is_noted_each_time_a_document_shows_it():
    env = _ours(_Catalogs(_TABLE))
    template = env.from_string("{{ pgettext('label.amp', 'a') }}")
    for _ in range(2):
        with recording() as shown:
            assert template.render() == "Mål &amp; &lt;medel&gt;"
        assert shown == {(LABELS, "label.amp")}
