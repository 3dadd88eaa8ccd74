"""Helpers shared by the build scripts in data/ (developer tools, never imported by the app).

Why: every build reads vendored source files, and each must refuse a file whose bytes
are not the ones the provenance describes (data/sources/MANIFEST.toml).
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
HERE = SCRIPTS.parent  # data/: the bundled datasets these scripts build
SOURCES = HERE / "sources"
MANIFEST = SOURCES / "MANIFEST.toml"
REFERENCE = HERE / "reference"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def manifest() -> dict[str, dict]:
    with MANIFEST.open("rb") as f:
        return tomllib.load(f)["file"]


def pinned(name: str) -> Path:
    """Path of a vendored source file, after checking its sha256 against the manifest."""
    entry = manifest()[name]
    path = SOURCES / name
    digest = sha256(path)
    if digest != entry["sha256"]:
        raise SystemExit(f"sha256 mismatch for data/sources/{name}: {digest} != {entry['sha256']}")
    return path
