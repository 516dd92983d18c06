"""Writing outputs so that a reader only ever sees a whole set: the previous build's or the
new one, never a mix, never half a file.

A build's files are written into a staging folder inside the output folder
(``.kg-staging-…``). When every file is complete, a manifest is written into it, and only
then are the files moved over the old ones (a rename each, on the same file system) and
the files the new set does not have (``graph.ttl`` after a switch to ``--format nt``)
removed. A build killed before the manifest leaves the old set untouched; one killed
while moving leaves a manifest, and the next build finishes the move before it starts.
Either way the next build removes what an interrupted one left. A full disk or another
write error gives a `WriteError` with the old set whole.

After a build, a record of what it was made from and of the files it wrote (a digest
of the inputs, each file's size and modification time; kept by the caller, kg.builder
keeps it in the cache folder) lets the next build with the same inputs leave the set as
it is; a file changed or removed since, and the set is written again.

Files are created like any other file (their mode follows the umask), not 0600 as
``tempfile`` makes them. One build at a time writes to a folder (an advisory lock on it).
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import secrets
import shutil
import signal
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

from kg.errors import Errors, OutputError, WriteError

STAGING_PREFIX = ".kg-staging-"
MANIFEST = "manifest.json"
# what earlier versions of kg left when interrupted: .graph.ttl.abc123.tmp
_OLD_TEMPORARY_SUFFIX = ".tmp"


def check_output_folder(out_dir: str | Path) -> Path:
    """Fail now, before any work, if the outputs could not be written to `out_dir`: it is a
    file, its parent does not exist, or nothing can be created in it."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(Errors.E010.format(path=out))
    where = out if out.is_dir() else out.parent if str(out.parent) else Path(".")
    if not out.is_dir() and not where.is_dir():
        raise OutputError(Errors.E011.format(path=out, parent=where))
    probe = where / f"{STAGING_PREFIX}probe-{secrets.token_hex(4)}"
    try:
        probe.mkdir()
        probe.rmdir()
    except OSError as exc:
        raise OutputError(Errors.E012.format(path=out, reason=exc.strerror or exc)) from None
    return out


def _write_failure(path: Path, exc: OSError) -> WriteError:
    # Oxigraph reports a full disk as an OSError without errno: "… (os error 28)"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT) or f"(os error {errno.ENOSPC})" in str(exc):
        return WriteError(Errors.E015.format(path=path))
    return WriteError(Errors.E016.format(path=path, reason=exc.strerror or exc))


@contextmanager
def _signals_held():
    """Ctrl-C and SIGTERM wait while the set is moved into place (a few renames)."""
    held = {signal.SIGINT, signal.SIGTERM}
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _install(out: Path, staging: Path) -> None:
    """Move a complete staging folder's files into place (again, after an interruption)."""
    manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
    for name in manifest["files"]:
        if (staging / name).exists():
            os.replace(staging / name, out / name)
    for name in manifest["remove"]:
        (out / name).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def recover(out: Path, known_names: Iterable[str] = ()) -> None:
    """Finish or discard what an interrupted build left in `out`."""
    if not out.is_dir():
        return
    known = tuple(known_names)
    for entry in sorted(out.iterdir()):
        if entry.name.startswith(STAGING_PREFIX) and entry.is_dir():
            if (entry / MANIFEST).is_file():
                _install(out, entry)
            else:
                shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.endswith(_OLD_TEMPORARY_SUFFIX) and entry.is_file() and \
                any(entry.name.startswith(f".{name}.") for name in known):
            entry.unlink(missing_ok=True)


class OutputSet:
    """The files of one build, written aside and swapped in together.

        with OutputSet(out, names, remove=["graph.ttl"]) as outputs:
            write_rdf(graph, outputs.path("graph.nt"))
            …
        # here every file is in place, or (on an exception) none has changed
    """

    def __init__(self, out_dir: str | Path, names: Iterable[str], remove: Iterable[str] = ()):
        self.out = Path(out_dir)
        self.names = list(names)
        self.remove = [n for n in remove if n not in self.names]
        self.staging: Path | None = None
        self._lock_fd: int | None = None

    def path(self, name: str) -> Path:
        assert self.staging is not None and name in self.names, name
        return self.staging / name

    def __enter__(self) -> "OutputSet":
        try:
            self.out.mkdir(exist_ok=True)
            self._lock_fd = os.open(self.out, os.O_RDONLY)
        except OSError as exc:
            raise _write_failure(self.out, exc) from None
        try:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._lock_fd)
            raise OutputError(Errors.E014.format(path=self.out)) from None
        try:
            recover(self.out, self.names + self.remove)
            self.staging = self.out / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
            self.staging.mkdir()
        except OSError as exc:
            self._unlock()
            raise _write_failure(self.out, exc) from None
        return self

    def __exit__(self, kind, exc, tb) -> bool:
        try:
            if kind is None:
                self._commit()
            else:
                shutil.rmtree(self.staging, ignore_errors=True)
                if isinstance(exc, OSError):
                    raise _write_failure(Path(exc.filename or self.out), exc) from None
                if isinstance(exc, WriteError):  # name the file the user knows, not the staging copy
                    raise WriteError(str(exc).replace(f"{self.staging}{os.sep}", f"{self.out}{os.sep}")) from None
        finally:
            self._unlock()
        return False

    def _commit(self) -> None:
        missing = [n for n in self.names if not (self.staging / n).is_file()]
        assert not missing, f"outputs not written: {missing}"
        manifest = json.dumps({"files": self.names, "remove": self.remove})
        try:
            with open(self.staging / MANIFEST, "w", encoding="utf-8") as f:
                f.write(manifest)
                f.flush()
                os.fsync(f.fileno())
        except OSError as exc:
            shutil.rmtree(self.staging, ignore_errors=True)
            raise _write_failure(self.staging / MANIFEST, exc) from None
        with _signals_held():
            _install(self.out, self.staging)

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing releases the lock
            self._lock_fd = None


@contextmanager
def atomic_path(target: str | Path):
    """Yield a temporary path beside `target`; on success it replaces `target`, on failure
    it is removed and `target` is as it was. The file's mode follows the umask."""
    target = Path(target)
    if target.is_dir():
        raise OutputError(Errors.E017.format(path=target))
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}{_OLD_TEMPORARY_SUFFIX}")
    try:
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _write_failure(target, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(target: Path, text: str | Iterable[str]) -> None:
    """Write a text, or its pieces one after another, as UTF-8, atomically."""
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8") as f:
        if isinstance(text, str):
            f.write(text)
        else:
            f.writelines(text)


def _state(out: Path, names: Iterable[str]) -> dict[str, list[int]] | None:
    files = {}
    for name in names:
        try:
            st = (out / name).stat()
        except OSError:
            return None
        files[name] = [st.st_size, st.st_mtime_ns]
    return files


def build_record(record_file: Path, out_dir: str | Path, inputs: str, names: Iterable[str]) -> dict | None:
    """The record in `record_file` of the set in `out_dir` if that set was built from
    `inputs` (a digest of the articles, rules, code and options) and none of its files
    `names` has changed since; else None."""
    out = Path(out_dir)
    try:
        record = json.loads(record_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("inputs") != inputs:
        return None
    if any(out.glob(f"{STAGING_PREFIX}*")):  # an interrupted build's leftovers: the next write removes them
        return None
    return record if record.get("files") == _state(out, names) else None


def write_build_record(record_file: Path, out_dir: str | Path, inputs: str, names: Iterable[str],
                       **details) -> None:
    """Record in `record_file` that the files `names` now in `out_dir` were built from
    `inputs`. A record that cannot be written costs only the next build's shortcut."""
    files = _state(Path(out_dir), names)
    try:
        if files is None:
            record_file.unlink(missing_ok=True)
            return
        record_file.parent.mkdir(parents=True, exist_ok=True)
        write_text(record_file, json.dumps({"inputs": inputs, "files": files, **details}, ensure_ascii=False))
    except (OSError, WriteError):
        pass
