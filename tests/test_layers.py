"""The layers point down (docs/architecture.md), checked with import-linter's contracts in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess

from tests.conftest import ROOT


def test_import_contracts_are_kept():
    exe = shutil.which("lint-imports") or str(ROOT / ".venv" / "bin" / "lint-imports")
    r = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "Contracts: 2 kept, 0 broken" in r.stdout


def test_the_checker_notices_an_import_that_breaks_a_layer(tmp_path):
    """Proof that the check above can fail: a contract the code breaks on purpose is reported."""
    config = tmp_path / "broken.ini"
    config.write_text("[importlinter]\nroot_packages =\n    indicators\n    geo\n\n"
                      "[importlinter:contract:upside-down]\nname = geo above indicators\ntype = layers\n"
                      "layers =\n    geo\n    indicators\n", encoding="utf-8")
    exe = shutil.which("lint-imports") or str(ROOT / ".venv" / "bin" / "lint-imports")
    r = subprocess.run([exe, "--config", str(config)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode != 0 and "BROKEN" in r.stdout
