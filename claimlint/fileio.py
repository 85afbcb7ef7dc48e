"""Writing files claimlint produces (baselines, reports) so that an interrupted run never leaves half a file."""
from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path


def atomic_write(target: Path, text: str | bytes, durable: bool = True) -> None:
    """Write via a temporary file and rename, so an interrupted run never leaves a partial file.

    The temporary file sits beside the target (a rename across file systems is not atomic) and
    is flushed to disk before the rename (a crash just after must not leave an empty file) unless
    ``durable`` is False: a cache entry lost in a crash is only a miss, and a flush per entry would
    cost a cold run seconds. It keeps an existing target's permissions; a new file gets those a plain
    write would give.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = None
    tmp = target.parent / f".{target.name}.{secrets.token_hex(8)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o666)  # the umask applies, as for any new file
    try:
        with os.fdopen(fd, "wb") if isinstance(text, bytes) else os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:  # interrupted or failed: the target is as it was, and no temporary file is left
        tmp.unlink(missing_ok=True)
        raise
