"""Templates mark their tags with a short name of their file, and errors still name the file."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest

from planmaterials import PolicyError, Templates, compose, dump, sourcemarks, templating
from planmaterials.templatecache import TemplateCache

_BAD_PARAGRAPH = '<document title="x">\n<p>one</p>\n\n<p class="huge">bad</p>\n</document>\n'


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PLANMATERIALS_CACHE", str(folder))
    return folder


def _new_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget every mark given so far, as a new process starts without them."""
    monkeypatch.setattr(sourcemarks, "_FILES", {})
    monkeypatch.setattr(sourcemarks, "_MARKS", {})


def _compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates compiled from here on (not loaded from the cache)."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        names.append(name)
        return compile_source(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def _rendered(folder: Path, text: str, localized) -> str:
    """The markup that ``text``, as the policy summary's template in ``folder``, renders."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "policy-summary.j2").write_text(text, encoding="utf-8")
    templates = Templates([folder])
    env = templates.environment(localized("en").catalogs)
    return env.get_template("policy-summary.j2").render(policy=localized("en").policy)


def _error(folder: Path, text: str, localized, **files: str) -> PolicyError:
    """The error composing the policy summary from ``text`` as its template in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "policy-summary.j2").write_text(text, encoding="utf-8")
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        compose("policy-summary", localized("en"), templates=Templates([folder]))
    return info.value


def test_a_tag_is_marked_with_a_few_letters_and_its_line_not_the_files_path(tmp_path, localized):
    markup = _rendered(
        tmp_path / "a-long-folder-name", '<document title="x">\n<p>one</p>\n', localized
    )
    marks = re.findall(r'pm-source="([^"]*)"', markup)
    assert len(marks) == 2
    assert all(re.fullmatch(r"[a-z2-7]{4,}:[12]", mark) for mark in marks)
    assert "a-long-folder-name" not in markup


def test_a_files_mark_is_the_same_in_every_run(tmp_path, monkeypatch):
    file = str(tmp_path / "policy-summary.j2")
    first = sourcemarks.mark_for(file)
    _new_run(monkeypatch)
    assert sourcemarks.mark_for(file) == first
    assert sourcemarks.file_for(first) == file


def test_two_files_whose_marks_would_start_alike_get_different_marks(tmp_path, monkeypatch):
    _new_run(monkeypatch)
    file = str(tmp_path / "policy-summary.j2")
    usual = sourcemarks.mark_for(file)
    _new_run(monkeypatch)
    # another file took these letters first (their digests start alike)
    sourcemarks._FILES[usual] = "elsewhere.j2"
    sourcemarks._MARKS["elsewhere.j2"] = usual
    longer = sourcemarks.mark_for(file)
    assert longer != usual and longer.startswith(usual)
    assert (sourcemarks.file_for(usual), sourcemarks.file_for(longer)) == ("elsewhere.j2", file)


def test_an_error_in_a_user_template_names_its_file_and_line(tmp_path, localized):
    error = _error(tmp_path / "mine", _BAD_PARAGRAPH, localized)
    assert (error.file, error.line) == (tmp_path / "mine" / "policy-summary.j2", 4)
    assert "unknown paragraph class 'huge'" in error.message


def test_a_file_name_with_quotes_dashes_and_any_letters_is_named_as_it_is(tmp_path, localized):
    folder = tmp_path / 'it\'s "ours" -- <&> Åsa ünïcode'
    text = '<document title="x">\n<!-- a comment spanning {{ policy.title }} <p> -->\n<p>a</p>\n'
    error = _error(
        folder,
        text + '{% include "part--ö.j2" %}\n</document>\n',
        localized,
        **{"part--ö.j2": "<p>b</p>\n<p>c</p>\n<blink/>\n"},
    )
    assert (error.file, error.line) == (folder / "part--ö.j2", 3)
    assert "unknown element <blink>" in error.message


def test_a_mark_a_template_writes_itself_names_what_it_says(tmp_path, localized):
    # Markup that an expression writes (not the template's own text) is not marked: a mark in it
    # is read as written, whether it names a file or another template's letters.
    for where in ("elsewhere.j2", sourcemarks.mark_for(str(tmp_path / "other.j2"))):
        text = (
            '<document title="x">\n<p>a</p>\n'
            f'{{{{ \'<p class="huge" pm-source="{where}:7">b</p>\'|safe }}}}\n</document>\n'
        )
        error = _error(tmp_path / "mine", text, localized)
        expected = "elsewhere.j2" if where == "elsewhere.j2" else str(tmp_path / "other.j2")
        assert (str(error.file), error.line) == (expected, 7)


@pytest.mark.parametrize(
    "line",
    [
        '<p pm-source="elsewhere.j2:7">a</p>',
        '<ul><li pm-source="elsewhere.j2:7">a</li></ul>',
        "<ul><li {{ 'pm-source=\"elsewhere.j2:7\"'|safe }}>a</li></ul>",
    ],
)
def test_a_mark_written_in_a_templates_own_tag_is_refused_as_invalid_markup(
    tmp_path, localized, line
):
    text = f'<document title="x">\n{line}\n</document>\n'
    error = _error(tmp_path / "mine", text, localized)
    assert error.file == tmp_path / "mine" / "policy-summary.j2"
    assert "invalid markup: Attribute pm-source redefined" in error.message


def test_a_template_compiled_in_an_earlier_run_names_its_file_and_line(
    tmp_path, cache, localized, monkeypatch
):
    _error(tmp_path / "mine", _BAD_PARAGRAPH, localized)
    _new_run(monkeypatch)
    compiled = _compiled(monkeypatch)
    error = _error(tmp_path / "mine", _BAD_PARAGRAPH, localized)
    assert "policy-summary.j2" not in compiled  # loaded from the cache, with its marks
    assert (error.file, error.line) == (tmp_path / "mine" / "policy-summary.j2", 4)


def test_code_compiled_when_the_file_had_other_letters_is_not_used(
    tmp_path, cache, localized, monkeypatch
):
    file = tmp_path / "mine" / "policy-summary.j2"
    _error(tmp_path / "mine", _BAD_PARAGRAPH, localized)  # compiled with the file's usual mark
    _new_run(monkeypatch)
    # In this run another file holds those letters: the code marked with them must not be used.
    usual = sourcemarks.mark_for(str(file))
    _new_run(monkeypatch)
    sourcemarks._FILES[usual] = str(tmp_path / "elsewhere.j2")
    sourcemarks._MARKS[str(tmp_path / "elsewhere.j2")] = usual
    compiled = _compiled(monkeypatch)
    error = _error(tmp_path / "mine", _BAD_PARAGRAPH, localized)
    assert "policy-summary.j2" in compiled
    assert (error.file, error.line) == (file, 4)


def test_code_cached_under_the_keys_of_an_earlier_version_is_not_used(
    tmp_path, cache, localized, monkeypatch
):
    class EarlierCache(TemplateCache):
        def get_cache_key(self, name: str, filename: str | None = None) -> str:
            import hashlib

            return hashlib.sha256(f"{name}\0{filename or ''}".encode()).hexdigest()

    monkeypatch.setattr(templating, "TemplateCache", EarlierCache)
    _error(tmp_path / "mine", _BAD_PARAGRAPH, localized)
    monkeypatch.setattr(templating, "TemplateCache", TemplateCache)
    _new_run(monkeypatch)
    compiled = _compiled(monkeypatch)
    error = _error(tmp_path / "mine", _BAD_PARAGRAPH, localized)
    assert "policy-summary.j2" in compiled
    assert (error.file, error.line) == (tmp_path / "mine" / "policy-summary.j2", 4)


def test_a_document_is_the_same_whatever_mark_its_template_has(tmp_path, localized, monkeypatch):
    text = '<document title="x">\n<p class="lead">one <em>two</em></p>\n</document>\n'
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "policy-summary.j2").write_text(text, encoding="utf-8")
    first = compose("policy-summary", localized("en"), templates=Templates([tmp_path / "t"]))
    usual = sourcemarks.mark_for(str(tmp_path / "t" / "policy-summary.j2"))
    _new_run(monkeypatch)
    sourcemarks._FILES[usual] = "elsewhere.j2"  # the file gets longer letters this time
    second = compose("policy-summary", localized("en"), templates=Templates([tmp_path / "t"]))
    assert sourcemarks.mark_for(str(tmp_path / "t" / "policy-summary.j2")) != usual
    assert dump(second) == dump(first)


def test_a_tag_inside_another_on_the_same_line_is_named_by_that_line_without_a_mark(
    tmp_path, localized
):
    text = '<document title="x">\n<ul><li>ok</li><li><h1>no</h1></li></ul>\n</document>\n'
    markup = _rendered(tmp_path / "a", text, localized)
    assert markup.count("pm-source") == 2  # <document> and <ul>
    error = _error(tmp_path / "b", text, localized)
    assert "<h1> is not allowed inside <li>" in error.message
    assert (error.file, error.line) == (tmp_path / "b" / "policy-summary.j2", 2)


@pytest.mark.parametrize(
    "line",
    [
        # the <ul> is on another line
        "<li><h1>no</h1></li>",
        # the <li> before was opened before an expression: this text does not hold the parent
        "<li>{{ 1 }}</li><li><h1>no</h1></li>",
        # in a comment an expression splits, or after it, which is which is not known here
        "<!-- {{ 1 }} <li> --><li><h1>no</h1></li>",
    ],
)
def test_a_tag_whose_parent_is_not_known_from_its_line_is_marked_with_its_own(
    tmp_path, localized, line
):
    text = f'<document title="x">\n<ul>\n{line}\n</ul>\n</document>\n'
    error = _error(tmp_path, text, localized)
    assert "<h1> is not allowed inside <li>" in error.message
    assert (error.file, error.line) == (tmp_path / "policy-summary.j2", 3)
