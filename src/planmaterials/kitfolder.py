"""The kit's output folder: what may be replaced, and a swap that never loses the previous kit.

A build replaces its output folder as a whole, so the folder must hold nothing a person could
miss: it may be missing, empty, or hold a previous kit (its ``manifest.json`` lists every file)
and nothing else. Anything else is refused before a byte is written. The input files of the build
may never sit inside it. The new kit is written into a folder beside it (files
that did not change are linked from the previous kit, so they keep their inode and time); the
swap renames the old kit aside, renames the new one in, and puts the old one back if the second
step fails. A kit that comes out exactly as the folder holds it is not swapped: only its
manifest and change report are rewritten, if they differ. Together with ``build``, which decides
what to write, this is all that writes files.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import PolicyError

__all__ = [
    "CHANGES",
    "KIT_ID",
    "MANIFEST",
    "NewKit",
    "check_target",
    "check_writable",
    "previous_manifest",
    "previous_manifest_file",
    "replace_folder",
    "write_kit",
]

MANIFEST = "manifest.json"
#: The change report, written beside the manifest when the build replaced a previous kit.
CHANGES = "changes.json"
#: What a kit's manifest says it is (``"kit"``), so that a folder is recognised as ours.
KIT_ID = "planmaterials-kit"
#: Files a build writes beside the listed ones; they belong to the kit too.
_KIT_OWN = frozenset({MANIFEST, CHANGES})
_SHOWN = 5
_UNREAD = object()  # check_target: the manifest is to be read


def previous_manifest(out: Path) -> dict[str, object] | None:
    """The manifest of the kit in ``out``, or None when ``out`` holds no kit of ours."""
    found = previous_manifest_file(out)
    return None if found is None else found[0]


def previous_manifest_file(out: Path) -> tuple[dict[str, object], bytes] | None:
    """:func:`previous_manifest`, and the bytes of the file it was read from."""
    try:
        raw = (out / MANIFEST).read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        return None
    entries = data["files"]
    if not all(isinstance(e, dict) and isinstance(e.get("path"), str) for e in entries):
        return None
    # Kits built before the manifest named itself have only the file list; its entries all
    # carry a SHA-256, which no other manifest.json we know of does.
    if data.get("kit") != KIT_ID and not all("sha256" in e for e in entries):
        return None
    return data, raw


def check_target(
    out: Path,
    inputs: Iterable[Path] = (),
    *,
    writable: bool = True,
    manifest: dict[str, object] | object | None = _UNREAD,
) -> None:
    """Refuse an output folder that a build may not replace (see the module's docstring).

    With ``writable``, also one beside which a new kit cannot be written (a folder is made and
    removed there to find out: on some file systems that costs several milliseconds, which a
    kit updated in place, or whose new folder is made already, need not pay). ``manifest`` is
    the folder's :func:`previous_manifest` when the caller has read it already.
    """
    target = _absolute(out)
    for item in inputs:
        source = _absolute(item)
        if source == target or target in source.parents:
            raise PolicyError(
                f"this file is read by the build and lies inside the output folder {out}, "
                "which the build replaces; choose another --out",
                file=item,
            )
    here = _absolute(Path.cwd())
    if target == here or target in here.parents:
        raise PolicyError(
            "the output folder is the current folder (or holds it), which the build would "
            "replace; give a folder of its own, e.g. --out kit",
            file=out,
        )
    if writable:
        check_writable(out)
    if not target.exists() and not target.is_symlink():
        return
    if target.is_symlink() or not target.is_dir():
        raise PolicyError(
            "the output folder is a file, not a folder; give a folder that is missing, empty "
            "or holds a previous kit",
            file=out,
        )
    if manifest is _UNREAD:
        manifest = previous_manifest(target)
    foreign = _foreign_files(target, manifest)  # type: ignore[arg-type]
    if foreign:
        shown = ", ".join(foreign[:_SHOWN])
        more = f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else ""
        raise PolicyError(
            f"the output folder holds files that are not part of a kit ({shown}{more}); "
            "the build replaces the whole folder, so it stops here and deletes nothing. "
            "Move those files away, or give an empty or new folder with --out",
            file=out,
        )


def check_writable(out: Path) -> None:
    """Fail now, not after the whole kit is made, if the kit cannot be written beside ``out``.

    The new kit is staged in a temporary folder next to the output folder; make one and remove
    it again in the nearest folder that exists (the build creates the missing ones later).
    """
    existing = _absolute(out).parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        if not existing.is_dir():
            raise NotADirectoryError(20, "Not a directory")
        os.rmdir(tempfile.mkdtemp(prefix=".planmaterials-probe-", dir=existing))
    except OSError as exc:
        raise PolicyError(
            f"cannot write the kit here ({exc.strerror} in {existing}); give a folder you can "
            "write to with --out",
            file=out,
        ) from None


def _foreign_files(folder: Path, manifest: dict[str, object] | None) -> list[str]:
    """Paths (relative, sorted) in ``folder`` that its kit's ``manifest`` does not account for."""
    try:
        present = sorted(_walk(folder))
    except OSError as exc:
        raise PolicyError(f"cannot read the output folder: {exc.strerror}", file=folder) from exc
    if not present:
        return []
    listed = set(_KIT_OWN)
    if manifest is not None:
        listed.update(str(e["path"]) for e in manifest["files"])  # type: ignore[union-attr,index]
    folders = {str(Path(p).parent) for p in listed}
    folders |= {str(parent) for p in listed for parent in Path(p).parents}
    foreign = []
    for rel, is_dir in present:
        if is_dir:
            if rel not in folders:
                foreign.append(rel + "/")
        elif rel not in listed or manifest is None:
            foreign.append(rel)
    return foreign


def _walk(folder: Path) -> Iterable[tuple[str, bool]]:
    """Every entry below ``folder`` as (relative path, is a real folder); links are not followed."""
    for root, dirs, files in os.walk(folder, onerror=_raise):
        base = Path(root).relative_to(folder)
        for name in dirs:
            path = Path(root) / name
            real = not path.is_symlink()
            yield (base / name).as_posix(), real
        for name in files:
            yield (base / name).as_posix(), False


def _raise(error: OSError) -> None:
    raise error


def replace_folder(staging: Path, out: Path) -> None:
    """Put the finished kit in ``staging`` in place of ``out``; on failure the old kit stays."""
    if not out.exists():
        _rename(staging, out, "could not move the new kit into place")
        return
    retired_parent = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
    retired = retired_parent / out.name
    _rename(out, retired, "could not move the previous kit aside; it is unchanged")
    try:
        os.replace(staging, out)
    except OSError as exc:
        try:
            os.replace(retired, out)
        except OSError as again:
            raise PolicyError(
                f"could not move the new kit into place ({exc.strerror}), nor the previous kit "
                f"back ({again.strerror}); the previous kit is in {retired}",
                file=out,
            ) from exc
        shutil.rmtree(retired_parent, ignore_errors=True)
        raise PolicyError(
            f"could not move the new kit into place ({exc.strerror}); the previous kit is back "
            "in place, unchanged",
            file=out,
        ) from exc
    shutil.rmtree(retired_parent, ignore_errors=True)


def _rename(source: Path, target: Path, what: str) -> None:
    try:
        os.replace(source, target)
    except OSError as exc:
        raise PolicyError(f"{what} ({exc.strerror})", file=target) from exc


def _absolute(path: Path) -> Path:
    """An absolute path with ``..`` and links resolved as far as the path exists."""
    return Path(os.path.realpath(Path(path).expanduser()))


def write_kit(out: Path, outputs: Sequence[tuple[str, bytes]]) -> None:
    """Write ``(path, bytes)`` as the kit in ``out``, all at once or not at all.

    When ``out`` holds this very kit already, only its records that differ are rewritten
    (:func:`_update_in_place`); otherwise the files are written into a new folder that is
    swapped in for ``out`` (see :class:`NewKit`).
    """
    out = out.absolute()
    check_target(out, writable=False)  # again: the folder may have changed meanwhile
    try:
        if _update_in_place(out, outputs):
            return
    except OSError as exc:
        raise PolicyError(
            f"could not update the kit's records ({exc.strerror}); its files are unchanged",
            file=out,
        ) from exc
    with NewKit(out) as kit:
        kit.finish(outputs)


class NewKit:
    """A new kit, written file by file into a folder beside ``out`` and swapped in whole.

    Use it as a context manager: files are added as they are made (by the process that made
    them: :meth:`add` does nothing but write files, so a forked process may call it too), and
    :meth:`finish` swaps the folder in. Leaving the block any other way, or a failure, removes
    the new folder and leaves ``out`` exactly as it was.

    A file with the same bytes as the previous kit's is linked, not written (see
    :func:`_write_or_link`).
    """

    def __init__(self, out: Path) -> None:
        self.out = out.absolute()
        self._folder: Path | None = None
        self._made: set[Path] = set()  # folders made in the new kit

    def __enter__(self) -> NewKit:
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._folder = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-", dir=self.out.parent))
        except OSError as exc:
            raise PolicyError(
                f"cannot create the output folder here ({exc.strerror}); give a folder you "
                "can write to with --out",
                file=self.out,
            ) from exc
        self._made = {self._folder}
        return self

    def __exit__(self, *exc: object) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)  # gone already when swapped in
            self._folder = None

    def add(self, files: Iterable[tuple[str, bytes]]) -> None:
        """Write ``(path, bytes)`` into the new kit; a file written before is replaced."""
        if self._folder is None:
            raise RuntimeError("files are added to a NewKit inside its with-block")
        try:
            for path, data in files:
                target = self._folder / path
                if target.parent not in self._made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    self._made.add(target.parent)
                _write_or_link(target, data, self.out / path)
        except OSError as exc:
            raise PolicyError(
                f"could not write the kit ({exc.strerror}); nothing was changed", file=self.out
            ) from exc

    def finish(self, files: Iterable[tuple[str, bytes]] = ()) -> None:
        """Add the last files (the kit's records) and put the new kit in place of ``out``."""
        # Again: the folder may have changed while the kit was made (the new one is made).
        check_target(self.out, writable=False)
        self.add(files)
        folder = self._folder
        assert folder is not None
        try:
            os.chmod(folder, 0o755)
            replace_folder(folder, self.out)
        except OSError as exc:
            raise PolicyError(
                f"could not write the kit ({exc.strerror}); nothing was changed", file=self.out
            ) from exc
        self._folder = None


def _update_in_place(out: Path, outputs: Sequence[tuple[str, bytes]]) -> bool:
    """Whether ``out`` already held the kit, byte for byte, but for the kit's own records.

    Then only the records that differ (the manifest, the change report) are replaced, each
    atomically, and the kit's files and folders are left exactly as they are: a rebuild that
    changes nothing costs no swap, and nothing watching the folder sees it move.
    """
    expected = {path for path, _ in outputs}
    folders = {parent.as_posix() for path in expected for parent in Path(path).parents}
    folders.discard(".")
    try:
        present = list(_walk(out))
    except OSError:
        return False
    files = {rel for rel, is_dir in present if not is_dir}
    # A record the previous kit did not have yet (its first change report) is written too.
    if not files <= expected or not expected - files <= _KIT_OWN:
        return False
    if {rel for rel, is_dir in present if is_dir} != folders:
        return False
    stale = []
    for path, data in outputs:
        file = out / path
        try:
            same = (
                path in files
                and not file.is_symlink()
                and file.stat().st_size == len(data)
                and file.read_bytes() == data
            )
        except OSError:
            return False
        if not same:
            if path not in _KIT_OWN:
                return False
            stale.append((file, data))
    for file, data in stale:
        _replace_file(file, data)
    return True


def _replace_file(file: Path, data: bytes) -> None:
    """Write ``data`` to ``file`` through a temporary file beside it: never half-written."""
    handle, temporary = tempfile.mkstemp(prefix=f".{file.name}-", dir=file.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        # As the record it replaces, or as a new file is made (the umask's say).
        mode = file.stat().st_mode & 0o777 if file.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_or_link(target: Path, data: bytes, previous: Path) -> None:
    """Write ``data``, or link the previous kit's file when it holds exactly these bytes.

    A linked file keeps its inode and modification time, so a web server, a sync client or
    ``make`` sees that it did not change.
    """
    try:
        same = (
            previous.is_file()
            and not previous.is_symlink()
            and previous.stat().st_size == len(data)
            and previous.read_bytes() == data
        )
    except OSError:
        same = False
    # A file written before (by a process whose work is being done again) is replaced, never
    # written through: it may be a link to the previous kit's file.
    target.unlink(missing_ok=True)
    if same:
        try:
            os.link(previous, target)
            return
        except OSError:
            pass  # a file system without hard links: write the bytes instead
    target.write_bytes(data)
