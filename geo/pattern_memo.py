"""The compiled programs of regular expressions, kept across processes in the user cache.

Why: ``re.compile`` parses a pattern and generates its matching program in every process;
only the resulting object is cached, and only in that process. Three patterns of shiboken's
signature support, compiled while PySide6 is imported, take ~35 ms of each window start and
each image export (13.5, 11.1 and 10.7 ms of the 46 ms all 44 patterns of a start take;
``re._compiler.compile`` wrapped and timed, issue 15).

While :func:`remembered_patterns` is active, ``re``'s compiling step is answered from a
:class:`geo.code_memo.CodeMemo` of the arguments it passes to ``_sre.compile`` (the pattern,
flags, program, group count and names), keyed by the sha256 of the pattern, its type and
flags, the interpreter's exact version and the regular-expression engine's magic number, so
another Python or another ``re`` compiles afresh. A pattern is only kept when the object
rebuilt from the kept arguments equals the one ``re`` made (``Pattern.__eq__`` compares
pattern, flags and program); anything unexpected — another ``re`` layout, a damaged entry —
falls back to compiling.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from geo.code_memo import CodeMemo


def _plain(value):
    """``value`` with int subclasses (re's opcode constants, RegexFlag) as plain ints, for marshal."""
    if isinstance(value, bool) or value is None or isinstance(value, str | bytes):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    raise TypeError(f"cannot keep {type(value).__name__}")


def _key(pattern: str | bytes, flags: int, magic: int) -> str:
    text = pattern.encode("utf-8", "surrogatepass") if isinstance(pattern, str) else pattern
    head = f"re\0{sys.hexversion}\0{magic}\0{type(pattern).__name__}\0{flags}\0".encode()
    return hashlib.sha256(head + text).hexdigest()


@contextmanager
def remembered_patterns(memo: CodeMemo) -> Iterator[None]:
    """Compile regular expressions through ``memo`` until the block ends (then write it)."""
    try:
        import re._compiler as compiler

        engine = compiler._sre
        real = compiler.compile
        magic = int(engine.MAGIC)
        debug = int(compiler.SRE_FLAG_DEBUG)
    except (ImportError, AttributeError):  # pragma: no cover - another re layout: nothing kept
        yield
        return

    class _Capture:
        """``_sre`` for one compile: records the arguments of its ``compile`` call."""

        def __init__(self) -> None:
            self.args: list[tuple] = []

        def __getattr__(self, name: str):
            return getattr(engine, name)

        def compile(self, *args):
            self.args.append(args)
            return engine.compile(*args)

    def compile(p, flags=0):
        if type(p) not in (str, bytes) or flags & debug or compiler._sre is not engine:
            return real(p, flags)  # not a plain pattern, or compiled while another is (a thread)
        key = _key(p, flags, magic)
        blob = memo.lookup(key)
        if blob is not None:
            try:
                return engine.compile(*marshal.loads(blob))
            except Exception:  # noqa: BLE001 - a damaged or foreign entry: compiled again below
                pass
        capture = _Capture()
        compiler._sre = capture
        try:
            made = real(p, flags)
        finally:
            compiler._sre = engine
        for args in capture.args:  # the call that made this pattern (a thread may have added others)
            try:
                plain = _plain(args)
                if args and args[0] == p and engine.compile(*plain) == made:
                    memo.store(key, marshal.dumps(plain))
                    break
            except (ValueError, TypeError):
                break
        return made

    memo.load()  # before the hook: reading the file may import modules that compile patterns
    compiler.compile = compile
    try:
        yield
    finally:
        compiler.compile = real
        memo.save()
