"""Writing a report to where `-o` points, without harming what is there.

A report goes to a regular file whole or not at all: written to a temporary
file beside it, then renamed over it. Renaming replaces whatever the name
points at, so it is done only where that is a regular file or nothing:

- a symbolic link is followed, and the file it points at is written (the link stays);
- a named pipe (FIFO) or a character device (`/dev/stdout`, `/dev/null`, a
  terminal) is written into, as a stream, the way users expect of them;
- anything else (a folder, a block device, a socket) is refused;
- `-` is standard output.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

STDOUT = "-"
# What a temporary report is called: `.NAME.PID.` + mkstemp's 8 characters + `.tmp`.
# The writer's process id tells a later run which ones were left by a process that
# was killed (SIGKILL, a power cut): those it removes.
TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".", ".tmp"


class OutputError(Exception):
    """A report cannot be written where it was asked to go; the message says why."""


def is_stdout(path: Path) -> bool:
    return str(path) == STDOUT


def destination(path: Path) -> tuple[Path, bool]:
    """Where a report for `path` goes, and whether it is written as a stream
    (a pipe or a device) rather than renamed into place."""
    target = path.resolve() if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target, False
    except OSError as error:
        raise OutputError(error.strerror or str(error)) from None
    if stat.S_ISREG(mode):
        return target, False
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return target, True
    kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file, a pipe or a device"
    raise OutputError(f"{kind}: will not replace it with a report")


def write_whole(path: Path, write: Callable[[IO[Any]], object], binary: bool) -> None:
    """Write a report to `path` (see the module's rules): never half a file, and
    never the whole report in memory (a large table's has tens of thousands of findings)."""
    target, streamed = destination(path)
    if streamed:
        with target.open("wb") if binary else target.open("w", encoding="utf-8", newline="\n") as sink:
            write(sink)
        return
    import tempfile  # here, not at the top: it costs start-up time, and only a report file needs it

    remove_stale_temporaries(target)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f"{TEMPORARY_PREFIX}{target.name}.{os.getpid()}.", suffix=TEMPORARY_SUFFIX
    )
    try:
        with os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            write(stream)
        # mkstemp makes the file private (0600); a report gets the mode of the file
        # it replaces, or the mode a new file gets under the user's umask.
        os.chmod(temporary, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~current_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(target: Path) -> None:
    """Remove the temporary files an earlier run left beside `target` when it was
    killed while writing: ours by their name, and their writer no longer running."""
    prefix = f"{TEMPORARY_PREFIX}{target.name}."
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(TEMPORARY_SUFFIX)):
            continue
        pid = name[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and not running(int(pid)):
            (target.parent / name).unlink(missing_ok=True)


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # somebody else's process: it exists
    return True


def current_umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it, so set it back at once
    os.umask(mask)
    return mask


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file (through links, `..` or another spelling)."""
    try:
        return first.resolve() == second.resolve() or first.samefile(second)
    except OSError:
        return False
