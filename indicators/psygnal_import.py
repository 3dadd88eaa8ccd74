"""Import psygnal without importlib.metadata: its version is read from its dist-info folder.

Why: ``import psygnal`` runs ``importlib.metadata.version("psygnal")`` for its ``__version__``,
and importing ``importlib.metadata`` (email, zipfile, csv, …) was 45–65 ms of the window's
cold start on the bench machine, more than psygnal itself (~27 ms); nothing else on the start
path needs it. The installed distribution's folder ``psygnal-<version>.dist-info`` beside the
package names the same version, so while psygnal is imported it gets a stand-in module
(:func:`indicators.deferred_import.deferred`) whose ``version("psygnal")`` returns that;
every other name loads the real module. When the folder
is not found (another layout, a source checkout) psygnal is imported as usual.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from pathlib import Path

from indicators.deferred_import import deferred, loaded

METADATA = "importlib.metadata"


def import_psygnal() -> types.ModuleType:
    """``import psygnal``, without loading importlib.metadata when it is not loaded yet."""
    if "psygnal" in sys.modules or METADATA in sys.modules:
        return importlib.import_module("psygnal")
    version = dist_info_version("psygnal")
    if version is None:
        return importlib.import_module("psygnal")
    with deferred(METADATA, provided=answers("psygnal", version)):
        return importlib.import_module("psygnal")


def dist_info_version(name: str) -> str | None:
    """The version in the name of the one ``<name>-<version>.dist-info`` folder beside the
    package ``name``; None when there is not exactly one."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    site = Path(spec.origin).resolve().parent.parent
    found = [p.name for p in site.glob(f"{name}-*.dist-info") if p.is_dir()]
    if len(found) != 1:
        return None
    version = found[0][len(name) + 1:-len(".dist-info")]
    return version or None


def answers(name: str, version: str) -> dict[str, object]:
    """What the stand-in importlib.metadata answers while ``name`` is imported."""

    class PackageNotFoundError(ModuleNotFoundError):
        """Never raised here: only ``name``'s version is answered by the stand-in."""

    def version_of(distribution: str) -> str:
        if distribution == name:
            return version
        return loaded(METADATA).version(distribution)

    return {"version": version_of, "PackageNotFoundError": PackageNotFoundError}
