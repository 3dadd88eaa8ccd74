"""Cache keys (geo/disk_cache.py) remember each file's sha256 across processes by its stat
signature: an unchanged file is not read again, and any change of it changes the key."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import geo.disk_cache as dc

ROOT = Path(__file__).resolve().parent.parent


def _key_in_fresh_process(path: Path, cache: Path) -> tuple[str, list[str]]:
    """(key of ``path``, files hashed) in a new process with ``cache`` as the user cache."""
    code = (
        "import sys, geo.disk_cache as dc\n"
        "from pathlib import Path\n"
        "read = []\n"
        "real = dc._file_digest.__wrapped__\n"
        "def known(path, *sig):\n"
        "    m = dc._digests().get(path)\n"
        "    if m is None or m[0] != sig: read.append(path)\n"
        "    return real(path, *sig)\n"
        "dc._file_digest = known\n"
        f"print(dc.key_of([Path({str(path)!r})], 'x'))\n"
        "print('|'.join(read))\n"
    )
    env = {**os.environ, "LEGEKART_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    key, read = done.stdout.splitlines()
    return key, [r for r in read.split("|") if r]


def test_a_file_is_hashed_once_and_again_only_when_it_changes(tmp_path):
    f = tmp_path / "tabell.csv"
    f.write_text("kommunenummer;verdi\n0301;1,5\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first, read = _key_in_fresh_process(f, cache)
    assert read == [str(f)]
    again, read = _key_in_fresh_process(f, cache)
    assert (again, read) == (first, [])  # remembered: not read
    st = f.stat()
    f.write_text("kommunenummer;verdi\n0301;2,5\n", encoding="utf-8")  # same size
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the old modification time
    changed, read = _key_in_fresh_process(f, cache)
    assert read == [str(f)] and changed != first  # the ctime moved: hashed again


def test_the_remembered_digest_is_the_files_sha256(tmp_path, monkeypatch):
    monkeypatch.setenv("LEGEKART_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(dc, "_digests", _fresh_memo())  # this process: a memo of its own
    f = tmp_path / "a.bin"
    f.write_bytes(b"legekart" * 1000)
    dc.key_of([f])
    sig, digest = dc._digests()[str(f)]
    assert digest == hashlib.sha256(f.read_bytes()).hexdigest()
    assert sig[0] == 8000


def test_a_damaged_digest_file_is_ignored(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("a;b\n1;2\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first, _ = _key_in_fresh_process(f, cache)
    (cache / "derived" / "file-digests.pkl").write_bytes(b"not a pickle")
    again, read = _key_in_fresh_process(f, cache)
    assert again == first and read == [str(f)]


def _fresh_memo():
    memo: dict = {}
    return lambda: memo
