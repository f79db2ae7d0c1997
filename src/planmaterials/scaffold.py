"""``planmaterials init``: a project folder that builds as it is, written all at once or not at all.

The folder gets the default policy as an editable file, the example unit plans, a catalog with
the complete English translation of both, and a project file naming them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .config import CONFIG_NAME
from .errors import PolicyError
from .i18n import POLICY
from .i18n.folder import Project, update_folder
from .loader import DEFAULT_POLICY, load_plans, load_policy
from .resources import shipped

__all__ = ["POLICY_FILE", "Scaffold", "init_project"]

POLICY_FILE = "policy.yaml"
_PLANS = "plans"
_LOCALES = "locales"
# What init writes at the top of the folder; it never replaces any of them.
_ENTRIES = (CONFIG_NAME, POLICY_FILE, _PLANS, _LOCALES)

_POLICY_HEADER = """\
# The policy of this project. Edit it, then run 'planmaterials build' in this folder
# ('planmaterials check' validates without writing). After changing texts, run
# 'planmaterials i18n update' and translate what it marks in locales/*/LC_MESSAGES/policy.po.

"""


@dataclass(frozen=True)
class Scaffold:
    """What :func:`init_project` wrote."""

    folder: Path
    plans: tuple[str, ...]  # file names of the unit plans
    catalogs: tuple[Path, ...]  # relative to ``folder``


def init_project(folder: Path | str, *, force: bool = False) -> Scaffold:
    """Write a new project into ``folder``: the policy, unit plans, catalogs and project file.

    ``folder`` must be missing or empty; with ``force`` it may hold other files. Nothing is ever
    overwritten: if any of the files init writes exists, :class:`PolicyError` is raised and
    nothing is written.
    """
    folder = Path(folder)
    _check_folder(folder, force)
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Staged inside the folder (not beside it) so that only the folder must be writable.
        staging = Path(tempfile.mkdtemp(prefix=".planmaterials-init-", dir=folder))
    except OSError as exc:
        raise PolicyError(f"cannot create the project here ({exc.strerror})", file=folder) from exc
    moved: list[Path] = []
    try:
        scaffold = _write(staging)
        _check_folder(folder, force, staging.name)  # again: the folder may have changed
        for name in _ENTRIES:
            os.rename(staging / name, folder / name)
            moved.append(folder / name)
    except BaseException as exc:
        for path in moved:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        shutil.rmtree(staging, ignore_errors=True)
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, OSError):
            raise PolicyError(
                f"could not write the project ({exc.strerror}); nothing was written", file=folder
            ) from exc
        raise
    staging.rmdir()
    return Scaffold(folder, scaffold.plans, scaffold.catalogs)


def _check_folder(folder: Path, force: bool, staging: str | None = None) -> None:
    if folder.exists() and not folder.is_dir():
        raise PolicyError("this is a file; give a new or empty folder for the project", file=folder)
    if not folder.is_dir():
        return
    present = sorted(p.name for p in folder.iterdir() if p.name != staging)
    taken = [name for name in _ENTRIES if name in present]
    if taken:
        what = "is a project already" if CONFIG_NAME in taken else f"holds {_names(taken)}"
        raise PolicyError(
            f"the folder {what}; init never overwrites a file. Give a new or empty folder",
            file=folder,
        )
    if present and not force:
        raise PolicyError(
            f"the folder is not empty (it holds {_names(present)}); give a new or empty folder, "
            "or add --force to add the project's files beside the ones there",
            file=folder,
        )


def _names(names: list[str]) -> str:
    shown = ", ".join(f"'{name}'" for name in names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def _write(folder: Path) -> Scaffold:
    (folder / CONFIG_NAME).write_bytes((shipped("data") / CONFIG_NAME).read_bytes())
    default = (shipped("data") / DEFAULT_POLICY).read_text(encoding="utf-8")
    (folder / POLICY_FILE).write_text(_POLICY_HEADER + default, encoding="utf-8", newline="\n")
    examples = shipped("examples")
    plans_dir = folder / _PLANS
    plans_dir.mkdir()
    names = []
    for plan in sorted((examples / "plans").glob("*.yaml")):
        (plans_dir / plan.name).write_bytes(plan.read_bytes())
        names.append(plan.name)
    # The catalogs are what 'i18n update' makes of the examples' catalogs (the plans'
    # translations) seeded from the shipped ones (the policy's), so they are complete and an
    # update right after changes nothing.
    locales = folder / _LOCALES
    locales.mkdir()
    examples_locales = examples / "locales"
    for source in sorted(examples_locales.glob(f"*/LC_MESSAGES/{POLICY}.po")):
        target = locales / source.relative_to(examples_locales)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    policy = load_policy(folder / POLICY_FILE)
    plans = load_plans(plans_dir, policy)
    # The catalogs translate this policy, not the default the examples' catalogs name: forced.
    written = update_folder(Project(policy, plans, locale_dirs=(locales,)), force=True)
    catalogs = tuple(path.relative_to(folder) for path, _changed in written)
    return Scaffold(folder, tuple(names), catalogs)
