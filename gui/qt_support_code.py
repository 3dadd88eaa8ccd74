"""The compiled code of PySide6's embedded support modules, kept in the user cache.

Why: shiboken6 carries its signature support (``shibokensupport``, 13 modules) as Python
source inside its shared library, and its importer compiles that source with
``builtins.compile`` in every process that imports PySide6 — ~30 ms of each window start and
each image export (cProfile of ``import shiboken6``: 13 calls to ``compile``, 30 ms; issue 15).
CPython keeps a ``.pyc`` for every other module; this keeps the same for these 13, outside
site-packages (shiboken's own ``SBK_EMBED=0`` unpacks them into the installed package).

While :func:`remembered_compiles` is active, a ``compile`` call made by shiboken's
``EmbeddableZipImporter.exec_module``, or the library's own compiling of the
``signature_bootstrap.py`` it starts from (~2.5 ms), is answered from a memo keyed by the sha256 of the
source, its file name, the compiler flags the call would have inherited and the optimisation
level; the memo's file is named by the interpreter's bytecode magic number, so another Python
or another PySide6 compiles afresh. Every other ``compile`` call passes straight through with
the flags it would have had. The memo is :class:`geo.code_memo.CodeMemo`; a damaged or
unreadable one only costs the compiling. The regular expressions compiled meanwhile — three of
shiboken's signature parser take ~35 ms — come from :mod:`geo.pattern_memo`.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from geo.code_memo import FUTURE_FLAGS, CodeMemo
from geo.pattern_memo import remembered_patterns

#: most code objects kept: 14 per PySide6 6.11, so several installs sharing one user cache
KEEP_CODES = 64
#: most regular-expression programs kept (~20 are compiled while PySide6 6.11 is imported)
KEEP_PATTERNS = 256


def _from_support_importer(frame, filename: str) -> bool:
    """A support module compiled by shiboken's importer, or the bootstrap module it starts from."""
    if filename == "signature_bootstrap.py":  # compiled by the library itself, through importlib
        return frame.f_globals.get("__name__") == "importlib._bootstrap"
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
    memo = CodeMemo("qt-support-code", KEEP_CODES)

    def compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1, **kwargs):  # noqa: A001
        caller = sys._getframe(1)
        if not dont_inherit:  # the flags the call would have inherited from its caller, not from here
            flags |= caller.f_code.co_flags & FUTURE_FLAGS
        if (mode != "exec" or kwargs or not isinstance(source, bytes | str)
                or not isinstance(filename, str) or not _from_support_importer(caller, filename)):
            return real(source, filename, mode, flags, True, optimize, **kwargs)
        return memo.code(source, filename, flags, optimize)

    builtins.compile = compile
    try:
        with remembered_patterns(CodeMemo("qt-support-patterns", KEEP_PATTERNS)):
            yield
    finally:
        builtins.compile = real
        memo.save()
