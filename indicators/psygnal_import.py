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
import sys
import types

from indicators.deferred_import import deferred, installed_version, loaded

METADATA = "importlib.metadata"


def import_psygnal() -> types.ModuleType:
    """``import psygnal``, without loading importlib.metadata when it is not loaded yet."""
    if "psygnal" in sys.modules or METADATA in sys.modules:
        return importlib.import_module("psygnal")
    version = installed_version("psygnal")
    if version is None:
        return importlib.import_module("psygnal")
    with deferred(METADATA, provided=answers("psygnal", version)):
        return importlib.import_module("psygnal")


def answers(name: str, version: str) -> dict[str, object]:
    """What the stand-in importlib.metadata answers while ``name`` is imported."""

    class PackageNotFoundError(ModuleNotFoundError):
        """Never raised here: only ``name``'s version is answered by the stand-in."""

    def version_of(distribution: str) -> str:
        if distribution == name:
            return version
        return loaded(METADATA).version(distribution)

    return {"version": version_of, "PackageNotFoundError": PackageNotFoundError}
