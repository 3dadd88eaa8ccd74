"""Code compiled from source text at run time, kept across processes in the user cache.

Why: CPython keeps a ``.pyc`` for every module it imports, but not for code compiled from
text while the process runs, and two kinds of it sit on every start of the window and
the command line (issue 15):

- :mod:`dataclasses` writes each class's ``__init__``, ``__repr__``, ``__eq__`` … as text and
  ``exec``s it: the 37 dataclasses of a window start made 167 such calls, ~18 ms of compiling
  (cProfile; 35 ms for the classes in all). :func:`remember_dataclass_code` answers them here.
- shiboken6 compiles its embedded support modules from source (``gui/qt_support_code.py``).

A memo maps the sha256 of (file name, compiler flags, optimisation level, source) to the code
object ``compile`` made of it, in a file named by the interpreter's bytecode magic number, so
another Python compiles afresh; the same text with the same flags gives an equal code object,
so nothing is ever looked up by anything but its exact input. Each entry is kept as its own
marshal bytes and unmarshalled only when asked for: unmarshalling every code object of a
305-entry memo took 12.5 ms, more than a window start compiles. A damaged or unreadable memo,
or a cache folder that cannot be written, only costs the compiling.
"""

from __future__ import annotations
import __future__

import builtins
import hashlib
import logging
import marshal
import sys
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType

log = logging.getLogger(__name__)

#: the compiler flags a ``compile`` or ``exec`` of text inherits from the code that calls it
FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:
    FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag


class CodeMemo:
    """One memo file of compiled code; read on first use, written by :meth:`save`."""

    def __init__(self, name: str, keep: int) -> None:
        self.name, self.keep = name, keep
        self._memo: dict[str, bytes] | None = None
        self.used: set[str] = set()
        #: entries compiled (and stored) in this process; ``_unsaved`` of them not yet written
        self.added = 0
        self._unsaved = 0

    @property
    def path(self) -> Path:
        from geo.disk_cache import cache_dir

        return cache_dir() / f"{self.name}-{MAGIC_NUMBER.hex()}.marshal"

    def load(self) -> None:
        """Read the memo now (a hook loads it before it is installed, so reading cannot recurse)."""
        self._entries()

    def _entries(self) -> dict[str, bytes]:
        if self._memo is None:
            try:
                with self.path.open("rb") as f:
                    memo = marshal.load(f)
            except Exception:  # noqa: BLE001 - no home folder, unreadable, damaged: compile instead
                memo = {}
            if not isinstance(memo, dict):
                memo = {}
            self._memo = {k: v for k, v in memo.items() if isinstance(k, str) and isinstance(v, bytes)}
        return self._memo

    def lookup(self, key: str) -> bytes | None:
        """The kept bytes of ``key``, marking it used (kept first when the memo is written)."""
        self.used.add(key)
        return self._entries().get(key)

    def store(self, key: str, blob: bytes) -> None:
        self.used.add(key)
        self._entries()[key] = blob
        self.added += 1
        self._unsaved += 1

    def code(self, source: str | bytes, filename: str, flags: int, optimize: int = -1) -> CodeType:
        """What ``compile(source, filename, "exec", flags, True, optimize)`` returns, compiled once."""
        text = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
        head = f"{filename}\0{flags}\0{optimize}\0{sys.flags.optimize}\0".encode()
        key = hashlib.sha256(head + text).hexdigest()
        blob = self.lookup(key)
        if blob is not None:
            try:
                code = marshal.loads(blob)
                if isinstance(code, CodeType):
                    return code
            except (EOFError, ValueError, TypeError):
                pass  # a damaged entry: compiled again below
        code = compile(source, filename, "exec", flags, True, optimize)
        self.store(key, marshal.dumps(code))
        return code

    def save(self) -> None:
        """Write the memo if anything was compiled: the code used here first, then other entries."""
        if not self._unsaved or self._memo is None:
            return
        keep = {k: self._memo[k] for k in self.used if k in self._memo}
        for k, blob in self._memo.items():
            if len(keep) >= self.keep:
                break
            keep.setdefault(k, blob)
        try:
            from geo.disk_cache import replace_file

            replace_file(self.path, lambda f: marshal.dump(keep, f))
            self._unsaved = 0
        except (OSError, ValueError, RuntimeError) as exc:  # RuntimeError: Path.home() without a home
            log.info("compiled code of %s not kept (%s)", self.name, exc)


#: the dataclasses memo of this process, once :func:`remember_dataclass_code` ran
DATACLASS_CODE: CodeMemo | None = None


def remember_dataclass_code(keep: int = 4000) -> CodeMemo:
    """Let :mod:`dataclasses` take the code of its generated methods from the memo.

    The memo is written when the process exits. ``dataclasses`` looks ``exec`` up among its
    module globals before the builtins, so the hook is a module global there and nothing else
    in the process sees it. Text ``exec``'d with a globals dict is compiled through the memo
    with the flags the call would have inherited; any other call is passed on unchanged.
    """
    global DATACLASS_CODE
    if DATACLASS_CODE is not None:
        return DATACLASS_CODE
    import atexit
    import dataclasses

    memo = DATACLASS_CODE = CodeMemo("dataclass-code", keep)
    builtin_exec = builtins.exec

    def exec(source, globals=None, locals=None, /, **kwargs):  # noqa: A001 - the name dataclasses calls
        if type(source) is not str or kwargs or not isinstance(globals, dict):
            if globals is None:  # the caller's own scope, as the builtin would use
                caller = sys._getframe(1)
                globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
            return builtin_exec(source, globals, locals, **kwargs)
        flags = sys._getframe(1).f_code.co_flags & FUTURE_FLAGS
        return builtin_exec(memo.code(source, "<string>", flags), globals, locals)

    dataclasses.exec = exec  # type: ignore[attr-defined]
    atexit.register(memo.save)
    return memo
