"""Compiled templates are kept in a per-user cache folder and used only while they still fit."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import jinja2
import pytest

from planmaterials import PolicyError, Templates, compose, dump
from planmaterials.templatecache import TemplateCache, cache_folder


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PLANMATERIALS_CACHE", str(folder))
    return folder


def _summary(folder: Path, text: str, localized):
    """Compose the policy summary from ``text`` as its template in ``folder``, in a fresh run."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "policy-summary.j2").write_text(text, encoding="utf-8")
    return compose("policy-summary", localized("en"), templates=Templates([folder]))


def _compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates compiled from here on (not loaded from the cache)."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        names.append(name)
        return compile_source(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def test_a_second_run_loads_the_compiled_template_instead_of_compiling_it(
    tmp_path, cache, localized, monkeypatch
):
    text = '<document title="x">\n<p>one</p>\n</document>\n'
    first = _summary(tmp_path / "t", text, localized)
    assert list(cache.glob("*.jbc"))
    compiled = _compiled(monkeypatch)
    second = _summary(tmp_path / "t", text, localized)
    assert "policy-summary.j2" not in compiled
    assert dump(second) == dump(first)


def test_a_template_changed_since_the_last_run_is_compiled_anew(tmp_path, cache, localized):
    _summary(tmp_path / "t", '<document title="x">\n<p>one</p>\n</document>\n', localized)
    changed = _summary(tmp_path / "t", '<document title="x">\n<p>two</p>\n</document>\n', localized)
    assert dump(changed).splitlines()[-1] == "P two"


def test_a_template_from_the_cache_still_names_the_line_of_a_markup_error(
    tmp_path, cache, localized, monkeypatch
):
    text = '<document title="x">\n<p>one</p>\n\n<p class="huge">bad</p>\n</document>\n'
    errors = []
    for _ in range(2):
        with pytest.raises(PolicyError) as info:
            _summary(tmp_path / "t", text, localized)
        errors.append(info.value)
        compiled = _compiled(monkeypatch)
    assert "policy-summary.j2" not in compiled
    assert [(e.file, e.line, e.message) for e in errors] == [
        (tmp_path / "t" / "policy-summary.j2", 4, errors[0].message)
    ] * 2


def test_the_same_template_in_another_folder_is_marked_with_its_own_file(
    tmp_path, cache, localized
):
    text = '<document title="x">\n<p class="huge">bad</p>\n</document>\n'
    for folder in ("a", "b"):
        with pytest.raises(PolicyError) as info:
            _summary(tmp_path / folder, text, localized)
        assert info.value.file == tmp_path / folder / "policy-summary.j2"


def test_damaged_cache_files_are_compiled_again(tmp_path, cache, localized, monkeypatch):
    text = '<document title="x">\n<p>one</p>\n</document>\n'
    _summary(tmp_path / "t", text, localized)
    for path in cache.glob("*.jbc"):
        path.write_bytes(path.read_bytes()[:40] + b"\0garbage")
    compiled = _compiled(monkeypatch)
    assert dump(_summary(tmp_path / "t", text, localized)).splitlines()[-1] == "P one"
    assert "policy-summary.j2" in compiled


def test_a_cache_folder_others_can_write_to_is_not_used(tmp_path: Path):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    assert folder.stat().st_mode & stat.S_IWOTH
    cache = TemplateCache(folder)
    env = jinja2.Environment(bytecode_cache=cache, loader=jinja2.DictLoader({"a": "x"}))
    assert env.get_template("a").render() == "x"
    assert list(folder.iterdir()) == []


def test_an_empty_cache_setting_keeps_compiled_templates_in_memory_only(monkeypatch):
    monkeypatch.setenv("PLANMATERIALS_CACHE", "")
    assert cache_folder() is None


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG folders are Linux's")
def test_without_a_setting_the_cache_is_in_the_users_xdg_cache_folder(monkeypatch):
    monkeypatch.delenv("PLANMATERIALS_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert cache_folder() == Path("/somewhere/planmaterials")
