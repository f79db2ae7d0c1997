"""The project file, ``planmaterials.toml``: which policy, plans, catalogs, templates and languages.

Like ``mkdocs.yml``, it sits in the project folder and every command run there reads it, so no
option has to be repeated; options given on the command line win. Paths in it are relative to
the folder that holds it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import PolicyError
from .i18n import LANGUAGES
from .limits import MAX_CONFIG_BYTES
from .suggestions import suggest

__all__ = ["CONFIG_NAME", "Config", "find_config", "load_config"]

CONFIG_NAME = "planmaterials.toml"
DEFAULT_OUT = "out"


@dataclass(frozen=True)
class Config:
    """A project file's settings, with every path resolved against the file's folder.

    ``policy`` None means the embedded default policy; ``plans`` and ``locales`` None mean
    none; ``languages`` None means every language of the kit. ``out`` is ``out`` beside the
    project file unless the file names another folder.
    """

    path: Path
    policy: Path | None = None
    plans: Path | None = None
    locales: Path | None = None
    templates: tuple[Path, ...] = ()
    languages: tuple[str, ...] | None = None
    out: Path = Path(DEFAULT_OUT)

    def build_options(self) -> dict[str, object]:
        """The arguments that make :func:`planmaterials.build` do what ``planmaterials build``
        does in the project folder: ``build(**load_config(path).build_options())``."""
        return {
            "policy": self.policy,
            "out": self.out,
            "langs": self.languages,
            "template_dirs": self.templates,
            "locale_dirs": (self.locales,) if self.locales is not None else (),
            "plans_dir": self.plans,
        }


def find_config(folder: Path | str = ".") -> Path | None:
    """The project file of ``folder`` (only that folder, as MkDocs does), if it has one."""
    candidate = Path(folder) / CONFIG_NAME
    return candidate if candidate.is_file() else None


def load_config(path: Path | str) -> Config:
    """Read and check a project file; mistakes are :class:`PolicyError` with line and key."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_CONFIG_BYTES + 1)  # never more: a huge file is refused unread
    except FileNotFoundError:
        raise PolicyError("the project file does not exist", file=path) from None
    except IsADirectoryError:
        raise PolicyError(
            f"this is a folder; give the project file, e.g. {path / CONFIG_NAME}", file=path
        ) from None
    except OSError as exc:
        raise PolicyError(f"cannot read the project file ({exc.strerror})", file=path) from None
    if len(data) > MAX_CONFIG_BYTES:
        raise PolicyError(
            "the project file is larger than 1 MB; it holds a few settings", file=path
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PolicyError("not UTF-8 text", file=path, line=line) from None
    try:
        settings = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line = _decode_error(str(exc))
        raise PolicyError(f"not valid TOML: {message}", file=path, line=line) from None
    except RecursionError:  # tomllib reads nested arrays and tables recursively
        raise PolicyError("values are nested too deeply for a project file", file=path) from None
    return _config(path, text, settings)


def _decode_error(message: str) -> tuple[str, int | None]:
    found = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
    if found is None:
        found = re.search(r"\s*\(at end of document\)$", message)
        return (message[: found.start()], None) if found else (message, None)
    return message[: found.start()], int(found.group(1))


def _config(path: Path, text: str, settings: dict[str, object]) -> Config:
    folder = path.parent

    def fail(key: str, message: str) -> PolicyError:
        return PolicyError(message, file=path, line=_line_of(text, key.split("[")[0]), key=key)

    def one_path(key: str, value: object) -> Path:
        if not isinstance(value, str) or not value.strip():
            raise fail(key, f"expected a path relative to this file, such as '{_EXAMPLES[key]}'")
        return folder / value

    def some_paths(key: str, value: object) -> tuple[Path, ...]:
        if isinstance(value, str):
            return (one_path(key, value),)
        if not isinstance(value, list):
            raise fail(key, f"expected a path or a list of paths, such as ['{_EXAMPLES[key]}']")
        return tuple(one_path(f"{key}[{i}]", item) for i, item in enumerate(value))

    def languages(key: str, value: object) -> tuple[str, ...]:
        expected = "a list of language codes, such as ['sv', 'en']"
        if not isinstance(value, list) or not value:
            raise fail(key, f"expected {expected}")
        for i, code in enumerate(value):
            if not isinstance(code, str) or code not in LANGUAGES:
                supported = ", ".join(f"'{c}'" for c in LANGUAGES)
                hint = suggest(code, tuple(LANGUAGES)) if isinstance(code, str) else ""
                raise fail(
                    f"{key}[{i}]", f"unsupported language; expected one of {supported}{hint}"
                )
        if len(set(value)) != len(value):
            raise fail(key, "each language may be given once")
        return tuple(value)

    readers: dict[str, Callable[[str, object], object]] = {
        "policy": one_path,
        "plans": one_path,
        "locales": one_path,
        "templates": some_paths,
        "languages": languages,
        "out": one_path,
    }
    values: dict[str, object] = {}
    for key, value in settings.items():
        reader = readers.get(key)
        if reader is None:
            names = ", ".join(f"'{name}'" for name in readers)
            raise fail(key, f"unknown key; expected one of {names}{suggest(key, tuple(readers))}")
        values[key] = reader(key, value)
    if "out" not in values:
        values["out"] = folder / DEFAULT_OUT
    return Config(path, **values)


_EXAMPLES = {
    "policy": "policy.yaml",
    "plans": "plans",
    "locales": "locales",
    "templates": "templates",
    "out": "kit",
}


def _line_of(text: str, key: str) -> int | None:
    """The line where a top-level key or table is set: tomllib reports no positions."""
    name = re.escape(key)
    pattern = rf"^[ \t]*(?:\[+[ \t]*)?(?:{name}|\"{name}\"|'{name}')[ \t]*[=\].]"
    found = re.search(pattern, text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None
