"""A markup mistake names the template file and line that wrote the offending tag."""

from __future__ import annotations

from pathlib import Path

import pytest

from planmaterials import PolicyError, Templates, compose, dump
from planmaterials.cli import main


def _compose_template(folder: Path, text: str, localized, **files: str):
    """Compose the policy summary from ``text`` as its template in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "policy-summary.j2").write_text(text, encoding="utf-8")
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    return compose("policy-summary", localized("en"), templates=Templates([folder]))


def _error(folder: Path, text: str, localized, **files: str) -> PolicyError:
    with pytest.raises(PolicyError) as info:
        _compose_template(folder, text, localized, **files)
    return info.value


@pytest.mark.parametrize(
    "before",
    [
        "<pagebreak/>",
        '<poster><panel title="A"><p>ok</p></panel></poster>',
        '<section>\n<p>ok</p>\n</section>\n<poster>\n<panel title="A">\n<p>ok</p>\n</panel>\n'
        "</poster>",
    ],
)
def test_a_paragraph_error_after_tags_starting_with_p_names_the_paragraphs_line(
    tmp_path, localized, before
):
    text = f'<document title="x">\n{before}\n<p class="huge">bad</p>\n</document>\n'
    error = _error(tmp_path, text, localized)
    assert "unknown paragraph class 'huge'" in error.message
    assert error.file == tmp_path / "policy-summary.j2"
    assert error.line == text.splitlines().index('<p class="huge">bad</p>') + 1


def test_the_second_of_two_tags_alike_is_named_by_its_own_line(tmp_path, localized):
    text = '<document title="x">\n<p>one</p>\n{% if true %}\n  <p class="x">two</p>\n{% endif %}'
    error = _error(tmp_path, text + "\n</document>", localized)
    assert error.line == 4


def test_a_tag_written_in_a_macro_is_named_by_the_macros_line(tmp_path, localized):
    text = (
        '{% macro item(x) %}\n<li>{{ x }}<h1>no</h1></li>\n{% endmacro %}\n<document title="x">\n'
        "<ul>{{ item(1) }}</ul>\n</document>\n"
    )
    assert _error(tmp_path, text, localized).line == 2


def test_a_tag_from_an_included_template_names_that_template(tmp_path, localized):
    text = '<document title="x">\n<p>a</p>\n{% include "part.j2" %}\n</document>\n'
    error = _error(tmp_path, text, localized, **{"part.j2": "<p>b</p>\n\n<blink/>\n"})
    assert (error.file, error.line) == (tmp_path / "part.j2", 3)
    assert "unknown element <blink>" in error.message


def test_comments_and_translated_blocks_keep_their_text(tmp_path, localized):
    # A folder name with "--" must not break a comment; a {% trans %} message must not change.
    text = (
        '<document title="x">\n<!-- {{ policy.title }} <p> -->\n'
        "<p>{% trans %}Say <hello> & goodbye{% endtrans %}</p>\n</document>\n"
    )
    document = _compose_template(tmp_path / "a--b", text, localized)
    assert dump(document).splitlines()[-1] == "P Say <hello> & goodbye"


def test_a_template_naming_an_unknown_area_is_a_policy_error_at_its_line(tmp_path, localized):
    text = '<document title="x">\n<p>a</p>\n<p>{{ policy.area("nope").title }}</p>\n</document>\n'
    error = _error(tmp_path, text, localized)
    assert (error.file, error.line) == (tmp_path / "policy-summary.j2", 3)
    assert "unknown development area 'nope'; expected one of: home," in error.message


def test_an_undefined_name_in_an_included_template_names_that_template(tmp_path, localized):
    text = '<document title="x">\n{% include "part.j2" %}\n</document>\n'
    error = _error(tmp_path, text, localized, **{"part.j2": "<p>a</p>\n<p>{{ nothing.here }}</p>"})
    assert (error.file, error.line) == (tmp_path / "part.j2", 2)


def test_the_command_line_reports_a_templates_unknown_area_as_an_error(tmp_path, capsys):
    (tmp_path / "poster.j2").write_text(
        '<document title="x">\n{{ policy.area("nope") }}\n</document>\n', encoding="utf-8"
    )
    assert main(["check", "--lang", "en", "--templates", str(tmp_path)]) == 2
    message = capsys.readouterr().err
    assert message.startswith(f"error: {tmp_path / 'poster.j2'}:2: template error: unknown ")
