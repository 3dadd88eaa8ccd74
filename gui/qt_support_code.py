"""The compiled code of PySide6's embedded support modules, kept in the user cache.

Why: shiboken6 carries its signature support (``shibokensupport``, 13 modules) as Python
source inside its shared library, and its importer compiles that source with
``builtins.compile`` in every process that imports PySide6 — ~30 ms of each window start and
each image export (cProfile of ``import shiboken6``: 13 calls to ``compile``, 30 ms; issue 15).
CPython keeps a ``.pyc`` for every other module; this keeps the same for these 13, outside
site-packages (shiboken's own ``SBK_EMBED=0`` unpacks them into the installed package).

While :func:`remembered_compiles` is active, a ``compile`` call made by shiboken's
``EmbeddableZipImporter.exec_module`` is answered from a memo keyed by the sha256 of the
source, its file name, the compiler flags the call would have inherited and the optimisation
level; the memo's file is named by the interpreter's bytecode magic number, so another Python
or another PySide6 compiles afresh. Every other ``compile`` call passes straight through with
the flags it would have had. A damaged or unreadable memo only costs the compiling.
"""

from __future__ import annotations
import __future__

import builtins
import hashlib
import logging
import marshal
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType

log = logging.getLogger(__name__)

#: most code objects kept: 13 per PySide6 6.11, so several installs sharing one user cache
KEEP_CODES = 64

#: the compiler flags a ``compile`` call inherits from the code that calls it
_FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag


def memo_path() -> Path:
    """The memo of this interpreter's bytecode format, in the user cache."""
    from geo.disk_cache import cache_dir

    return cache_dir() / f"qt-support-code-{MAGIC_NUMBER.hex()}.marshal"


def _load(path: Path) -> dict[str, CodeType]:
    try:
        with path.open("rb") as f:
            memo = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(memo, dict):
        return {}
    return {k: v for k, v in memo.items() if isinstance(k, str) and isinstance(v, CodeType)}


def _save(path: Path, memo: dict[str, CodeType]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            marshal.dump(memo, f)
        os.replace(tmp, path)
    except (OSError, ValueError) as exc:
        log.info("PySide6 support code not kept (%s)", exc)


def _from_support_importer(frame) -> bool:
    return frame.f_code.co_name == "exec_module" and frame.f_globals.get("__name__") == "signature_bootstrap"


@contextmanager
def remembered_compiles() -> Iterator[None]:
    """Answer shiboken's compiling of its support modules from the memo while PySide6 is imported.

    Does nothing once shiboken6 is imported (its support modules are compiled only then).
    """
    if "shiboken6" in sys.modules:
        yield
        return
    real = builtins.compile
    path = memo_path()
    memo = _load(path)
    added: list[str] = []
    used: set[str] = set()

    def compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1, **kwargs):  # noqa: A001
        caller = sys._getframe(1)
        if not dont_inherit:  # the flags the call would have inherited from its caller, not from here
            flags |= caller.f_code.co_flags & _FUTURE_FLAGS
        if (mode != "exec" or kwargs or not isinstance(source, bytes | str)
                or not isinstance(filename, str) or not _from_support_importer(caller)):
            return real(source, filename, mode, flags, True, optimize, **kwargs)
        text = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
        head = f"{filename}\0{flags}\0{optimize}\0{sys.flags.optimize}\0".encode()
        key = hashlib.sha256(head + text).hexdigest()
        used.add(key)
        code = memo.get(key)
        if code is None:
            code = memo[key] = real(source, filename, mode, flags, True, optimize)
            added.append(key)
        return code

    builtins.compile = compile
    try:
        yield
    finally:
        builtins.compile = real
        if added:
            log.debug("compiled %d PySide6 support modules", len(added))
            keep = {k: memo[k] for k in used}  # this PySide6's first, then other installs' (other venvs)
            for k, code in memo.items():
                if len(keep) >= KEEP_CODES:
                    break
                keep.setdefault(k, code)
            _save(path, keep)
