"""What a person sees while and after a kit is built: progress, and a summary grouped by change."""

from __future__ import annotations

from typing import TextIO

from .build import BuildResult

__all__ = ["Progress", "summary"]


class Progress:
    """Shows which file is being made: one updating line on a terminal, a line per language
    in a log, nothing when quiet."""

    def __init__(self, stream: TextIO, *, quiet: bool = False) -> None:
        self.stream = stream
        self.quiet = quiet
        self.terminal = stream.isatty()
        self.count = 0
        self.lang: str | None = None

    def __call__(self, path: str) -> None:
        self.count += 1
        if self.quiet:
            return
        if self.terminal:
            self.stream.write(f"\r\033[K  [{self.count:>3}] {path}")
            self.stream.flush()
            return
        lang = path.split("/", 1)[0]
        if lang != self.lang:
            self.lang = lang
            print(f"building {lang} ...", file=self.stream, flush=True)

    def done(self) -> None:
        """Clear the progress line before the summary is printed."""
        if self.terminal and not self.quiet and self.count:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} bytes"
    if n < 1_000_000:
        return f"{n / 1000:.1f} kB"
    return f"{n / 1_000_000:.1f} MB"


def summary(result: BuildResult, seconds: float) -> str:
    """The grouped summary of a build: sizes, time, and every file that is not unchanged."""
    total = sum(len(f.data) for f in result.files)
    head = f"Built {len(result.files)} files ({_size(total)}) in {result.out} in {seconds:.1f} s"
    changes = result.changes
    if changes is None:
        langs = sorted({f.lang for f in result.files})
        per_lang = ", ".join(
            f"{lang}: {sum(1 for f in result.files if f.lang == lang)}" for lang in langs
        )
        return f"{head}; a new kit ({per_lang}). See manifest.json."
    if changes.nothing:
        return f"{head}: nothing changed since the previous kit; no file was rewritten."
    lines = [f"{head}. Since the previous kit:"]
    groups = (
        ("added", changes.added),
        ("removed", changes.removed),
        ("renamed", tuple(f"{old} -> {new}" for old, new in changes.renamed)),
        ("changed", changes.changed),
    )
    for label, paths in groups:
        if paths:
            lines.append(f"  {label:<9} {len(paths):>3}")
            lines.extend(f"    {path}" for path in paths)
    lines.append(f"  {'unchanged':<9} {len(changes.unchanged):>3}")
    counts = (
        ("added", changes.texts_added),
        ("changed", changes.texts_changed),
        ("removed", changes.texts_removed),
    )
    texts = ", ".join(f"{len(items)} {label}" for label, items in counts if items)
    lines.append(f"Policy texts: {texts or 'none changed'}. Details in changes.json.")
    return "\n".join(lines)
