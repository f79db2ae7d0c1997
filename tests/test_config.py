"""The project file: settings resolved against its folder, each mistake named by line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from planmaterials import PolicyError, build, find_config, load_config
from planmaterials.config import CONFIG_NAME

SHIPPED = Path(__file__).resolve().parents[1] / "src" / "planmaterials" / "data" / CONFIG_NAME


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CONFIG_NAME
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_project_file_names_every_setting_relative_to_its_folder(tmp_path):
    path = tmp_path / "project" / CONFIG_NAME
    path.parent.mkdir()
    path.write_bytes(SHIPPED.read_bytes())
    project = load_config(path)
    folder = path.parent
    assert project.policy == folder / "policy.yaml"
    assert project.plans == folder / "plans"
    assert project.locales == folder / "locales"
    assert project.templates == ()
    assert project.languages == ("sv", "en")
    assert project.out == folder / "kit"


def test_settings_left_out_mean_the_defaults_and_the_output_folder_sits_beside_the_file(tmp_path):
    project = load_config(_write(tmp_path / "p", ""))
    assert (project.policy, project.plans, project.locales, project.languages) == (None,) * 4
    assert project.out == tmp_path / "p" / "out"


def test_templates_may_be_one_folder_or_a_list_and_absolute_paths_stay_absolute(tmp_path):
    elsewhere = tmp_path / "shared-templates"
    text = f'templates = ["ours", {str(elsewhere)!r}]\nout = {str(tmp_path / "kit")!r}\n'
    project = load_config(_write(tmp_path / "p", text))
    assert project.templates == (tmp_path / "p" / "ours", elsewhere)
    assert project.out == tmp_path / "kit"
    assert load_config(_write(tmp_path / "q", 'templates = "t"')).templates == (
        tmp_path / "q" / "t",
    )


def test_build_options_give_the_library_the_same_build_as_the_command(tmp_path):
    path = _write(tmp_path / "p", 'policy = "policy.yaml"\nlocales = "loc"\nlanguages = ["en"]\n')
    options = load_config(path).build_options()
    assert options == {
        "policy": tmp_path / "p" / "policy.yaml",
        "out": tmp_path / "p" / "out",
        "langs": ("en",),
        "template_dirs": (),
        "locale_dirs": (tmp_path / "p" / "loc",),
        "plans_dir": None,
    }
    result = build(**{**options, "policy": None, "locale_dirs": ()})
    assert result.out == tmp_path / "p" / "out"
    assert {f.lang for f in result.files} == {"en"}


@pytest.mark.parametrize(
    ("text", "line", "key", "expected"),
    [
        (
            'policy = "p.yaml"\n\nlangauges = ["sv"]\n',
            3,
            "langauges",
            "unknown key; expected one of 'policy', 'plans', 'locales', 'templates', "
            "'languages', 'out'; did you mean 'languages'?",
        ),
        ('out = "kit"\n[build]\nstrict = true\n', 2, "build", "unknown key"),
        ("\nout = 3\n", 2, "out", "expected a path relative to this file, such as 'kit'"),
        ('plans = ""\n', 1, "plans", "expected a path"),
        ("templates = 1\n", 1, "templates", "expected a path or a list of paths"),
        ('languages = "sv,en"\n', 1, "languages", "expected a list of language codes"),
        ("languages = []\n", 1, "languages", "expected a list of language codes"),
        (
            'languages = ["sv", "EN"]\n',
            1,
            "languages[1]",
            "unsupported language; expected one of 'sv', 'en'; did you mean 'en'?",
        ),
        ('languages = ["sv", "sv"]\n', 1, "languages", "each language may be given once"),
    ],
)
def test_a_wrong_setting_is_named_by_file_line_and_key(tmp_path, text, line, key, expected):
    path = _write(tmp_path, text)
    with pytest.raises(PolicyError) as caught:
        load_config(path)
    error = caught.value
    assert (error.file, error.line, error.key) == (path, line, key)
    assert expected in error.message


def test_a_toml_syntax_error_names_its_line(tmp_path):
    path = _write(tmp_path, 'policy = "policy.yaml"\nplans = \n')
    with pytest.raises(PolicyError, match=r"planmaterials.toml:2: not valid TOML: Invalid value$"):
        load_config(path)


def test_a_missing_project_file_a_folder_or_bytes_that_are_not_utf8_are_refused(tmp_path):
    with pytest.raises(PolicyError, match="the project file does not exist"):
        load_config(tmp_path / "nothing.toml")
    with pytest.raises(PolicyError, match=f"give the project file, e.g. .*{CONFIG_NAME}"):
        load_config(tmp_path)
    path = tmp_path / CONFIG_NAME
    path.write_bytes(b'out = "kit"\npolicy = "\xff"\n')
    with pytest.raises(PolicyError, match=r"toml:2: not UTF-8 text"):
        load_config(path)


def test_the_project_file_is_looked_for_in_the_given_folder_only(tmp_path):
    assert find_config(tmp_path) is None
    path = _write(tmp_path, "")
    assert find_config(tmp_path) == path
    (tmp_path / "sub").mkdir()
    assert find_config(tmp_path / "sub") is None


def test_a_huge_or_deeply_nested_project_file_is_refused_without_a_crash(tmp_path):
    path = _write(tmp_path / "deep", "templates = " + "[" * 50_000 + "]" * 50_000 + "\n")
    with pytest.raises(PolicyError, match="nested too deeply"):
        load_config(path)
    path = _write(tmp_path / "huge", "# " + "x" * 2_000_000 + "\n")
    with pytest.raises(PolicyError, match="larger than 1 MB"):
        load_config(path)
