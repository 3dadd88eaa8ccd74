"""Every vendored source file is the file its provenance describes (sha256 pin), and is cited."""

from __future__ import annotations

import hashlib
import tomllib

import pytest

from tests.conftest import ROOT

SOURCES = ROOT / "data" / "sources"
MANIFEST = tomllib.loads((SOURCES / "MANIFEST.toml").read_text(encoding="utf-8"))["file"]


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_pinned_hash_and_provenance(name):
    entry = MANIFEST[name]
    assert hashlib.sha256((SOURCES / name).read_bytes()).hexdigest() == entry["sha256"]
    for field in ("publisher", "licence", "origin", "copy", "used_by"):
        assert entry.get(field), (name, field)


def test_every_file_in_sources_is_in_the_manifest():
    files = {p.relative_to(SOURCES).as_posix() for p in SOURCES.rglob("*") if p.is_file()}
    assert files - {"MANIFEST.toml", "README.md"} == set(MANIFEST)


def test_the_app_never_reads_the_shared_folder():
    """Not even the seed checker names it: it takes the folder as its argument."""
    for folder in ("geo", "indicators", "gui", "cli", "data"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert "../shared" not in text and "'shared/" not in text and '"shared/' not in text, path
