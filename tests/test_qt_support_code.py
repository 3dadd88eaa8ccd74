"""PySide6's embedded support modules, and the regular expressions they compile, are compiled
once per user cache, not in every process.

Each check runs in a fresh process: the memo only acts while PySide6 is first imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: counts the compiles of shiboken's support modules that reach the real ``compile``,
#: then starts Qt as the command line's exports do and uses the signature support
PROBE = r"""
import builtins, json, sys
import geo.disk_cache, gui.app, gui.qt_support_code  # their imports compile patterns before Qt's import
real = builtins.compile
seen = []
def counting(source, filename, *args, **kwargs):
    if isinstance(filename, str) and (filename.startswith("shibokensupport/") or filename == "signature_bootstrap.py"):
        seen.append(filename)
    return real(source, filename, *args, **kwargs)
builtins.compile = counting
import re._compiler
real_re = re._compiler.compile
patterns = []
def counting_re(p, flags=0):
    patterns.append(p)
    return real_re(p, flags)
re._compiler.compile = counting_re
from gui.app import painting_app
painting_app()
builtins.compile = real
re._compiler.compile = real_re
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
try:
    QColor([], {})
except TypeError as exc:  # the message is built by shibokensupport's parser and error handler
    signature = str(exc)
print(json.dumps({"compiled": sorted(seen), "signature": signature, "patterns": len(patterns),
                  "align": int(Qt.AlignmentFlag.AlignLeft.value)}))
"""


def _run(cache: Path) -> dict:
    env = dict(os.environ, LEGEKART_CACHE_DIR=str(cache), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _memo(cache: Path) -> list[Path]:
    return sorted((cache / "derived").glob("qt-support-code-*.marshal"))


def test_second_process_compiles_none_of_the_support_modules(tmp_path: Path) -> None:
    first = _run(tmp_path)
    assert "shibokensupport/signature/parser.py" in first["compiled"]
    assert len(first["compiled"]) >= 10  # 13 modules in PySide6 6.11
    assert len(_memo(tmp_path)) == 1
    assert first["patterns"] >= 3  # shiboken's signature parser compiles three big ones
    second = _run(tmp_path)
    assert second["compiled"] == []
    assert second["patterns"] == 0  # every regular expression of the Qt import from the memo
    assert second["signature"] == first["signature"]
    assert "Supported signatures:" in second["signature"]
    assert "QColor.__init__(rgba64: PySide6.QtGui.QRgba64, /)" in second["signature"]
    assert second["align"] == 1  # Qt::AlignLeft


def test_remembered_code_is_the_code_compile_makes(tmp_path: Path) -> None:
    """Equal (bytecode, constants, names, flags) to compiling the embedded source with the
    flags shiboken's importer inherits."""
    _run(tmp_path)
    check = r"""
import __future__, marshal, sys, json
from gui.app import painting_app
painting_app()
loader = sys.modules["shibokensupport.signature.loader"].__loader__
memo = marshal.load(open(sys.argv[1], "rb"))
fresh = {}
for name in loader._mod2path.values():
    if name.endswith(".py"):  # the bootstrap is compiled by the library, inheriting no flags
        flags = 0 if name == "signature_bootstrap.py" else __future__.annotations.compiler_flag
        fresh[name] = compile(loader.zfile.read(name), name, "exec", flags, True)
kept = {code.co_filename: code for code in map(marshal.loads, memo.values())}
print(json.dumps({"fresh": len(fresh), "equal": kept == fresh}))
"""
    env = dict(os.environ, LEGEKART_CACHE_DIR=str(tmp_path), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", check, str(_memo(tmp_path)[0])], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"fresh": result["fresh"], "equal": True} and result["fresh"] >= 10


def test_damaged_memo_is_compiled_afresh_and_replaced(tmp_path: Path) -> None:
    _run(tmp_path)
    memo = _memo(tmp_path)[0]
    memo.write_bytes(b"not marshal data \x00\xff")
    again = _run(tmp_path)
    assert "shibokensupport/signature/parser.py" in again["compiled"]
    assert "Supported signatures:" in again["signature"]
    assert _run(tmp_path)["compiled"] == []  # the rewritten memo serves the next process


def test_code_of_another_install_is_kept_beside_this_one(tmp_path: Path) -> None:
    """Two venvs with different PySide6 versions may share one user cache: neither drops the other's."""
    import marshal
    from importlib.util import MAGIC_NUMBER

    memo = tmp_path / "derived" / f"qt-support-code-{MAGIC_NUMBER.hex()}.marshal"
    memo.parent.mkdir(parents=True)
    other = compile("x = 1", "shibokensupport/other.py", "exec")
    memo.write_bytes(marshal.dumps({"0" * 64: marshal.dumps(other)}))
    first = _run(tmp_path)
    assert "shibokensupport/signature/parser.py" in first["compiled"]
    kept = marshal.loads(memo.read_bytes())
    assert marshal.loads(kept["0" * 64]) == other
    assert len(kept) == 1 + len(first["compiled"])
    assert _run(tmp_path)["compiled"] == []
