"""Import psygnal without importlib.metadata: its version is read from its dist-info folder.

Why: ``import psygnal`` runs ``importlib.metadata.version("psygnal")`` for its ``__version__``,
and importing ``importlib.metadata`` (email, zipfile, csv, …) was 45–65 ms of the window's
cold start on the bench machine, more than psygnal itself (~27 ms); nothing else on the start
path needs it. The installed distribution's folder ``psygnal-<version>.dist-info`` beside the
package names the same version, so while psygnal is imported it gets a stand-in module whose
``version("psygnal")`` returns that; every other name loads the real module. When the folder
is not found (another layout, a source checkout) psygnal is imported as usual.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
import types
from pathlib import Path

log = logging.getLogger(__name__)
METADATA = "importlib.metadata"


def import_psygnal() -> types.ModuleType:
    """``import psygnal``, without loading importlib.metadata when it is not loaded yet."""
    if "psygnal" in sys.modules or METADATA in sys.modules:
        return importlib.import_module("psygnal")
    version = dist_info_version("psygnal")
    if version is None:
        return importlib.import_module("psygnal")
    stand_in = _stand_in("psygnal", version)
    sys.modules[METADATA] = stand_in
    try:
        return importlib.import_module("psygnal")
    finally:
        if sys.modules.get(METADATA) is stand_in:
            del sys.modules[METADATA]


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


def _stand_in(name: str, version: str) -> types.ModuleType:
    module = types.ModuleType(METADATA)

    class PackageNotFoundError(ModuleNotFoundError):
        """Never raised by the stand-in: only ``name``'s version is answered here."""

    def version_of(distribution: str) -> str:
        if distribution == name:
            return version
        return _real().version(distribution)

    def __getattr__(attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(_real(), attr)

    module.PackageNotFoundError = PackageNotFoundError  # type: ignore[attr-defined]
    module.version = version_of  # type: ignore[attr-defined]
    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    return module


def _real() -> types.ModuleType:
    """The real importlib.metadata (the stand-in leaves ``sys.modules`` first)."""
    current = sys.modules.get(METADATA)
    if current is not None and not hasattr(current, "__file__"):
        del sys.modules[METADATA]
    log.debug("importlib.metadata loaded for a name the stand-in does not answer")
    return importlib.import_module(METADATA)
