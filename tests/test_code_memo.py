"""The methods dataclasses generates are compiled once per user cache, and are the same code.

The processes are fresh: the hook is installed by the process set-up (``cli.environment``),
and the memo is written when the process exits.
"""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: starts as every Legekart process does, makes the project's dataclasses and one of its own,
#: then builds the same class again without the hook and compares the generated code
PROBE = r"""
import json, dataclasses
from cli import environment  # installs the hook
from geo.code_memo import DATACLASS_CODE as memo
import indicators.session, indicators.view  # noqa: F401  (some 30 dataclasses)

def make():
    @dataclasses.dataclass(frozen=True, order=True)
    class Row:
        code: str
        value: float = 0.0
        notes: list = dataclasses.field(default_factory=list, compare=False)
    return Row

Hooked = make()
hook = dataclasses.exec
del dataclasses.exec  # the builtin again
Plain = make()
dataclasses.exec = hook
names = ["__init__", "__eq__", "__lt__", "__hash__", "__setattr__", "__delattr__"]
same = all(getattr(Hooked, n).__code__ == getattr(Plain, n).__code__ for n in names)
same = same and Hooked.__repr__.__wrapped__.__code__ == Plain.__repr__.__wrapped__.__code__
row = Hooked("1804", 2.5)
try:
    row.value = 3.0
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
print(json.dumps({"added": memo.added, "used": len(memo.used), "same": same, "frozen": frozen,
                  "repr": repr(row), "eq": row == Hooked("1804", 2.5, ["x"]),
                  "lt": Hooked("0301") < Hooked("1804")}))
"""


def _run(cache: Path) -> dict:
    env = dict(os.environ, LEGEKART_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _memo(cache: Path) -> Path:
    (path,) = (cache / "derived").glob("dataclass-code-*.marshal")
    return path


def test_second_process_compiles_no_dataclass_method(tmp_path: Path) -> None:
    first = _run(tmp_path)
    assert first["added"] >= 30 and first["added"] == first["used"]
    second = _run(tmp_path)
    assert second["added"] == 0
    assert second["used"] == first["used"]


def test_remembered_methods_are_the_code_dataclasses_makes(tmp_path: Path) -> None:
    _run(tmp_path)
    again = _run(tmp_path)  # every method now from the memo
    assert again["added"] == 0
    assert again["same"] is True
    assert again["frozen"] is True
    assert again["repr"] == "make.<locals>.Row(code='1804', value=2.5, notes=[])"
    assert again["eq"] is True  # notes are not compared
    assert again["lt"] is True


def test_damaged_memo_or_entry_is_compiled_afresh(tmp_path: Path) -> None:
    first = _run(tmp_path)
    memo = _memo(tmp_path)
    entries = marshal.loads(memo.read_bytes())
    broken = dict.fromkeys(entries, b"\x00not code")
    memo.write_bytes(marshal.dumps(broken))
    again = _run(tmp_path)
    assert again["added"] == first["added"] and again["same"] is True
    memo.write_bytes(b"not marshal data")
    assert _run(tmp_path)["added"] == first["added"]
    assert _run(tmp_path)["added"] == 0


def test_no_cache_folder_only_costs_the_compiling(monkeypatch) -> None:
    """Without a home folder (Path.home() raises), code is compiled and nothing is written."""
    import geo.disk_cache
    from geo.code_memo import CodeMemo

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(geo.disk_cache, "cache_dir", no_home)
    memo = CodeMemo("test-code", 8)
    code = memo.code("x = 6 * 7\n", "<string>", 0)
    scope: dict = {}
    exec(code, scope)
    assert scope["x"] == 42 and memo.added == 1
    memo.save()  # logs, does not raise
