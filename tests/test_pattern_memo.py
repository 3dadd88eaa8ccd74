"""Regular expressions compiled through the memo equal the ones ``re`` compiles, and match alike."""

from __future__ import annotations

import marshal
import re
import re._compiler
from pathlib import Path

import pytest

from geo.code_memo import CodeMemo
from geo.pattern_memo import remembered_patterns

PATTERNS: list[tuple[str | bytes, int]] = [
    (r"(?P<kode>\d{4})\s*[-–]\s*(?P<navn>[^\W\d_][\w .'-]*)", 0),  # "1804 - Bodø"
    (r"^\s*(\d+)\s*[xX×]\s*(\d+)\s*$", 0),
    (r"(?<=av )\d+ (?:av|of) \d+", re.IGNORECASE),
    (r"\bTrøndelag\b|\bTrööndelage\b", re.UNICODE | re.MULTILINE),
    (rb"^PK\x03\x04", 0),
    ("\n(\n  (?: [^()\\[\\]{}<>,\"\\\\'] | \"(?:\\\\.|[^\"])*\" )+\n)\n", re.VERBOSE),
]
SAMPLES = ["1804 - Bodø", " 1600 x 1000 ", "40 av 41", "av 40 av 41", "Trøndelag\nTrööndelage",
           'a, "b,c", d', "PK\x03\x04"]


def _fresh() -> list[re.Pattern]:
    re.purge()
    return [re._compiler.compile(p, f) for p, f in PATTERNS]


def _through(memo: CodeMemo) -> list[re.Pattern]:
    re.purge()  # re's own per-process cache would answer before the memo
    with remembered_patterns(memo):
        return [re.compile(p, f) for p, f in PATTERNS]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEGEKART_CACHE_DIR", str(tmp_path))
    return tmp_path


def _matches(patterns: list[re.Pattern]) -> list:
    out = []
    for pat in patterns:
        for text in SAMPLES:
            subject = text.encode("latin-1") if isinstance(pat.pattern, bytes) else text
            m = pat.search(subject)
            out.append(None if m is None else (m.span(), m.groups(), m.groupdict()))
    return out


def test_kept_patterns_equal_fresh_ones_and_match_alike(cache: Path) -> None:
    first = CodeMemo("test-patterns", 64)
    made = _through(first)
    assert first.added == len(PATTERNS)
    again = CodeMemo("test-patterns", 64)
    kept = _through(again)
    assert again.added == 0 and len(again.used) == len(PATTERNS)  # every one from the memo
    fresh = _fresh()
    assert kept == fresh == made  # Pattern equality: pattern, flags and matching program
    assert [p.groupindex for p in kept] == [p.groupindex for p in fresh]
    assert _matches(kept) == _matches(fresh)
    assert _matches(kept)[0] == ((0, 11), ("1804", "Bodø"), {"kode": "1804", "navn": "Bodø"})


def test_damaged_entries_are_compiled_afresh(cache: Path) -> None:
    _through(CodeMemo("test-patterns", 64))
    path = CodeMemo("test-patterns", 64).path
    entries = marshal.loads(path.read_bytes())
    path.write_bytes(marshal.dumps(dict.fromkeys(entries, marshal.dumps(("x", "not flags")))))
    again = CodeMemo("test-patterns", 64)
    assert _through(again) == _fresh()
    assert again.added == len(PATTERNS)
    path.write_bytes(b"\x00 not marshal")
    assert _through(CodeMemo("test-patterns", 64)) == _fresh()


def test_re_is_itself_again_after_the_block(cache: Path) -> None:
    real = re._compiler.compile
    with remembered_patterns(CodeMemo("test-patterns", 64)):
        assert re._compiler.compile is not real
    assert re._compiler.compile is real
    assert re._compiler._sre.compile is not None
