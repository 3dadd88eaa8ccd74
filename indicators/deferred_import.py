"""Run an import with one of the modules it imports deferred: a stand-in until first real use.

Why: some libraries import heavy modules at their own import only to ask a question whose
answer Legekart knows (is this a DataFrame? which version am I?): folium and pandas,
requests, xyzservices and urllib.request (:mod:`indicators.writers.html_import`), psygnal
and importlib.metadata (:mod:`indicators.psygnal_import`). The stand-in is in ``sys.modules``
only while the import runs; whoever imports the module later gets the real one.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


class _NotLoaded:
    """Stands for a class of a module that is not loaded: no object is an instance of it."""

    def __init__(self) -> None:
        raise TypeError("a stand-in for a class of a module that is not loaded")


def _on_call(name: str, attr: str):
    """A stand-in for function ``attr`` of module ``name`` that imports the module when called."""

    def call(*args, **kwargs):
        return getattr(loaded(name), attr)(*args, **kwargs)

    call.__name__ = call.__qualname__ = attr
    call.__doc__ = f"{name}.{attr}, with {name} imported on the first call."
    return call


@contextmanager
def deferred(name: str, absent: tuple[str, ...] = (), functions: tuple[str, ...] = (),
             provided: Mapping[str, object] | None = None) -> Iterator[None]:
    """Let the code run inside import ``name`` without loading it: it gets a stand-in module
    that loads the real one on first use (PEP 562 ``__getattr__``). The stand-in leaves
    ``sys.modules`` afterwards, so later imports get the real module.

    ``absent``: classes asked of the stand-in only for ``isinstance`` checks. While nobody has
    loaded the real module they are :class:`_NotLoaded` (an instance of the real class cannot
    exist yet, so every check is False, as it would be); once it is loaded, the real classes.
    ``functions``: functions taken from the stand-in (``from name import f``) before the module
    is loaded: they get a function that imports the module when it is called.
    ``provided``: names the stand-in answers itself, for as long as it stands in (for what the
    importing code reads at its import and never needs from the real module)."""
    if name in sys.modules:
        yield
        return
    stand_in = types.ModuleType(name)

    def __getattr__(attr: str):
        if attr.startswith("__"):  # introspection (PySide's import hook, inspect) loads nothing
            raise AttributeError(attr)
        real = sys.modules.get(name)
        if provided and attr in provided and real is stand_in:
            return provided[attr]
        if attr in absent and (real is None or real is stand_in):
            return _NotLoaded
        if attr in functions and (real is None or real is stand_in):
            return _on_call(name, attr)
        return getattr(loaded(name), attr)

    stand_in.__getattr__ = __getattr__  # type: ignore[method-assign]
    stand_in.__deferred__ = True  # type: ignore[attr-defined]
    sys.modules[name] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


def loaded(name: str) -> types.ModuleType:
    """The real module ``name``, imported now if need be (a stand-in of :func:`deferred` makes way)."""
    current = sys.modules.get(name)
    if current is not None and current.__dict__.get("__deferred__"):
        del sys.modules[name]
    return importlib.import_module(name)


def installed_version(name: str) -> str | None:
    """The version of the installed package ``name``, from the name of the one
    ``<name>-<version>.dist-info`` folder beside it; None when there is not exactly one.

    Why not ``importlib.metadata.version``: importing importlib.metadata costs 45–65 ms, more
    than some whole steps it is asked for (psygnal's import, an HTML export's cache key)."""
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
