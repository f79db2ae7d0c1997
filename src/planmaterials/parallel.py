"""Making the kit's languages side by side: the later ones in a forked process, on a second core.

Each language's files are made independently of the others', so the first language is made
here while a child process, forked after every import and template compilation, makes the rest
and sends them back pickled. The results, and the progress lines (replayed in order after this
process's own), are those of making the languages one after the other. When anything goes wrong
in the child, the child's languages are made again here: any error is then raised as it would be
without the child, with its own traceback, and nothing is written. Without ``os.fork`` (Windows),
with one core, when other work leaves no core idle, with threads running, or with
``PLANMATERIALS_JOBS=1``, everything is made here. Many unit plan files are read the same way,
the later half in a forked process (:func:`side_by_side`).

Making documents allocates millions of short-lived objects; Python's garbage collector would
walk every object alive (the imported libraries, the policy, the compiled templates) again and
again, which made a build with many unit plans more than linearly slower. While a kit is built
or rendered (see :func:`fewer_collections`), what was alive before is frozen out of
collections, and no collection runs until it is done.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

__all__ = ["each_language", "fewer_collections", "process_ends_with_work", "side_by_side"]

Item = TypeVar("Item")
Result = TypeVar("Result")
Progress = Callable[[str], None] | None


def each_language(
    make: Callable[[str, Progress], Result], codes: Sequence[str], progress: Progress
) -> list[Result]:
    """``make(code, progress)`` for every language code, in order, on two cores when it pays."""
    return side_by_side(make, codes, progress)


def side_by_side(
    make: Callable[[Item, Progress], Result], items: Sequence[Item], progress: Progress = None
) -> list[Result]:
    """``make(item, progress)`` for every item, in order: the first here, the others in a
    forked process when a second core is free, as the languages are made (see above)."""
    with fewer_collections():
        return _side_by_side(make, items, progress)


@contextmanager
def fewer_collections(*, pause: bool = False) -> Iterator[None]:
    """Fewer garbage collections until the block ends: what is alive when the outermost block
    starts is left out of them, and young objects are collected in larger batches, or, with
    ``pause``, not at all (inside another block, the outer block's batches resume after).

    Also usable as a decorator. Preparing a build (reading catalogs and compiled templates,
    importing the writers) makes as many objects as making the files does. A build is paused:
    its garbage cycles are few (some megabytes for 200 unit plans), while every collection
    walks all the young objects still alive, which in a build are most of what it made.

    What the block made stays in the youngest generation: the first collection after the block
    walks it once and frees its garbage; in a process that ends with its work (see
    :func:`process_ends_with_work`), it is put with the oldest objects instead, out of reach of
    all but a full collection.
    """
    global _depth
    threshold = gc.get_threshold()
    if _depth == 0:
        gc.freeze()  # also spares the forked child from copying pages the collector would touch
    young = 0 if pause else threshold[0] if _depth else _YOUNG_BATCH
    gc.set_threshold(young, *threshold[1:])  # 0: no collections
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and _process_ends:
            gc.freeze()  # what the block made, too: unfrozen below into the oldest generation
        gc.set_threshold(*threshold)
        if _depth == 0:
            gc.unfreeze()


def process_ends_with_work() -> None:
    """Say that this process ends when its work does (a command): what a :func:`fewer_collections`
    block made is then not walked by the collection that would follow it, some 50 ms after a
    build with a hundred unit plans, for garbage the process's end frees anyway."""
    global _process_ends
    _process_ends = True


_depth = 0  # fewer_collections blocks under way, one inside the other
_process_ends = False  # see process_ends_with_work()


_YOUNG_BATCH = 10_000  # allocations between collections of the youngest objects (Python: 700)


def _side_by_side(
    make: Callable[[Item, Progress], Result], items: Sequence[Item], progress: Progress
) -> list[Result]:
    if len(items) < 2 or not _can_fork():
        return [make(item, progress) for item in items]
    first, rest = items[0], tuple(items[1:])
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: make the other languages, send them, and leave at once
        os.close(reader)
        _child(make, rest, writer)
    os.close(writer)
    # What the child sends is read as it comes, while this process makes its own language: a
    # child done first neither waits for the pipe to be emptied nor leaves its files to be
    # unpickled after this process is done.
    received: list[tuple[list[Result] | None, Sequence[str]]] = []
    receiver = threading.Thread(
        target=_receive, args=(reader, received), name="planmaterials-receive"
    )
    receiver.start()
    try:
        made = make(first, progress)
    except BaseException:
        # The first language fails first, as it would without the child: stop the child.
        os.kill(pid, signal.SIGKILL)
        receiver.join()
        os.waitpid(pid, 0)
        raise
    receiver.join()
    results, lines = received[0]
    _, status = os.waitpid(pid, 0)
    if results is None or status != 0:
        # It failed (a mistake in the input, a bug, or a lost child): make its languages here,
        # so that the same error is raised in the same way, or they are made after all.
        return [made, *(make(item, progress) for item in rest)]
    if progress is not None:
        for line in lines:
            progress(line)
    return [made, *results]


def _receive(reader: int, received: list[tuple[list[Result] | None, Sequence[str]]]) -> None:
    """Read the child's ``(results, progress lines)`` from ``reader`` into ``received``."""
    with os.fdopen(reader, "rb") as pipe:
        try:
            # Read as it arrives: the pickled files are never held twice over.
            received.append(pickle.load(pipe))
        except Exception:  # a child that died half-way: what it sent is not a whole pickle
            received.append((None, ()))


def _child(make: Callable[[Item, Progress], Result], items: tuple[Item, ...], writer: int) -> None:
    """Make ``items``, write ``(results, progress lines)`` (or ``(None, ())``) and exit."""
    status = 0
    try:
        lines: list[str] = []
        try:
            results: list[Result] | None = [make(item, lines.append) for item in items]
        except BaseException:  # reported by making the languages again in the parent
            results, lines = None, []
        with os.fdopen(writer, "wb") as pipe:
            pickle.dump((results, lines), pipe, pickle.HIGHEST_PROTOCOL)
    except BaseException:
        status = 1
    finally:
        # Never return into the caller's code, nor flush its buffers a second time.
        os._exit(status)


def _can_fork() -> bool:
    if os.environ.get("PLANMATERIALS_JOBS", "").strip() == "1" or not hasattr(os, "fork"):
        return False
    if threading.active_count() > 1:
        return False  # forking a process with threads can deadlock the child
    cores = _cores()
    return cores > 1 and not _busy(cores)


def _cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _busy(cores: int) -> bool:
    """Whether other work leaves no core idle for a second process.

    Two processes sharing one core take longer than one making everything (each warms its own
    caches, and the files are sent across); a second core pays only when it is free. Measured
    on a 2-core machine: with another task running, the two processes took as long as one, or
    longer. What runs now tells (Linux); where that is not known, the load of the last minute.
    The load average lags: a build started just after other builds (a benchmark's, say) would
    see them long after they ended, and one started as other work begins would not see it.
    """
    others = _running_others()
    if others is not None:
        return others > cores - 2
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # not measured here (Windows)
        return False
    return load > cores - 0.5


_LOADAVG = "/proc/loadavg"
# Reads of what runs now, a little apart: a task seen in only some of them (a kernel thread
# writing back files, a short command) is passing through, not keeping a core busy.
_SAMPLES = 5
_SAMPLE_GAP = 0.0005  # seconds


def _running_others() -> int | None:
    """The tasks running or waiting for a core now, this process left out (None: unknown).

    The fewest of a few reads, so that a task that only passes by is not counted.
    """
    fewest = None
    for sample in range(_SAMPLES):
        if sample:
            time.sleep(_SAMPLE_GAP)
        running = _read_running()
        if running is None:
            return None
        fewest = running if fewest is None else min(fewest, running)
    assert fewest is not None
    return max(fewest - 1, 0)


def _read_running() -> int | None:
    """The tasks runnable now, this process (which is reading) included (None: unknown)."""
    try:
        with open(_LOADAVG, encoding="ascii") as file:
            # "0.52 0.58 0.59 2/489 12345": the fourth field is runnable/all.
            return int(file.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return None
