"""Importing folium for the HTML writer at a fraction of its cost, with folium unchanged.

``import folium`` (with branca) took 0.3–0.45 s of CPU after pandas, and about 60 % of it
was Jinja compiling the ~46 templates folium and branca define at import, the same text
on every run. :func:`import_folium` keeps the compiled code objects in the user's cache
folder (``marshal``, as Jinja's own bytecode cache does), keyed by the template's text, the
environment's settings and the Jinja and Python versions; and it lets folium import
``requests`` without loading it (0.1–0.15 s with urllib3): folium needs it only to fetch
GeoJSON from a URL, which this writer never asks for, and the real module loads if it ever does.
pandas (0.25–0.5 s), xyzservices and urllib.request (20–40 ms each) are deferred the same way:
folium asks pandas only whether its input is a DataFrame, xyzservices only for a named tile
layer, and branca opens URLs only to inline a linked script (see :func:`import_folium`).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import marshal
import os
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from indicators.deferred_import import deferred

log = logging.getLogger(__name__)

_LOCK = threading.Lock()


def _cache_file() -> Path:
    import jinja2

    from geo.disk_cache import cache_dir

    return cache_dir() / f"jinja-{jinja2.__version__}-{sys.implementation.cache_tag}.marshal"


def _plain(env) -> bool:
    """An environment whose code depends on its settings alone: Jinja's own class with its
    default filters, tests and policies (branca's template folder), or a shared one (the
    environment of ``Template(text)``, one per class and settings)."""
    from jinja2 import Environment
    from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_POLICIES, DEFAULT_TESTS

    if env.shared:
        return True
    return (type(env) is Environment and env.filters == DEFAULT_FILTERS and env.tests == DEFAULT_TESTS
            and env.policies == DEFAULT_POLICIES)


def _settings(env) -> tuple | None:
    """What the generated code depends on besides the text; None where it is not plain."""
    if not _plain(env) or env.extensions or env.finalize is not None or not isinstance(env.autoescape, bool):
        return None
    return (f"{type(env).__module__}.{type(env).__qualname__}",
            env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
            env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
            env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
            env.keep_trailing_newline, env.optimized, env.is_async, env.autoescape,
            f"{env.undefined.__module__}.{env.undefined.__qualname__}")


#: more entries than folium, branca and the writer define: the store is cut to what one run used
MAX_ENTRIES = 400
_COMPILE_LOCK = threading.RLock()  # re-entrant: a nested use patches and restores in order


@contextmanager
def cached_templates() -> Iterator[None]:
    """While it lasts, Jinja's ``Template(text)`` (and branca's template files) take their compiled
    code from the cache; one user at a time, as it replaces ``Environment.compile``."""
    import jinja2

    with _COMPILE_LOCK:
        path = _cache_file()
        try:
            store = marshal.loads(path.read_bytes())
            if not isinstance(store, dict):
                store = {}
        except FileNotFoundError:
            store = {}
        except Exception as exc:  # a damaged cache is rebuilt, never trusted
            log.info("template cache %s unreadable (%s); rebuilding", path, exc)
            store = {}
        added = []
        used = set()
        original = jinja2.Environment.compile

        def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
            settings = _settings(self)
            if raw or settings is None or not isinstance(source, str):
                return original(self, source, name, filename, raw, defer_init)
            key = hashlib.sha256(repr((settings, name, filename, defer_init, source)).encode()).hexdigest()
            used.add(key)
            code = store.get(key)
            if not isinstance(code, types.CodeType):
                code = original(self, source, name, filename, raw, defer_init)
                store[key] = code
                added.append(key)
            return code

        jinja2.Environment.compile = compile  # type: ignore[method-assign]
        try:
            yield
        finally:
            jinja2.Environment.compile = original  # type: ignore[method-assign]
        if added:
            if len(store) > MAX_ENTRIES:  # texts that change from run to run must not pile up
                store = {k: store[k] for k in used}
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_bytes(marshal.dumps(store))
                os.replace(tmp, path)
            except (OSError, ValueError) as exc:
                log.info("template cache not written (%s)", exc)


def import_folium() -> types.ModuleType:
    """``import folium`` (and branca), its templates from the cache, requests and pandas deferred.

    folium asks pandas only whether the data it is given are a ``DataFrame`` (to convert
    them); the writer gives it plain lists and dicts, so pandas (0.25–0.5 s) is not loaded
    for that: the check answers False until pandas is loaded, then asks the real class.
    xyzservices (its 850 kB provider list, 20–40 ms) is needed for a named tile layer only,
    which the offline page never has; a ``TileProvider`` check is False until it loads.
    branca imports ``urlopen`` (urllib.request with http.client and ssl, 15–30 ms) to download
    linked scripts it is asked to inline, which the writer never asks; it loads when called."""
    with _LOCK:
        if "folium" not in sys.modules:
            # the collector paused too: the ~30 000 objects the import makes all live on, and
            # scanning them as they came took ~30 collections (15-25 ms) instead of one
            with paused_gc(), cached_templates(), deferred("requests"), \
                    deferred("pandas", absent=("DataFrame", "Series")), \
                    deferred("xyzservices", absent=("TileProvider",)), \
                    deferred("urllib.request", functions=("urlopen",)):
                import folium  # noqa: F401
    return sys.modules["folium"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while the page is built (restored afterwards).

    Building it makes ~10^6 small lists and dicts (GeoJSON coordinates, popup rows) that are
    all alive until the page is written; the collector kept scanning them, ~0.1–0.3 s of
    an export's CPU. Nothing built here needs collecting before the end."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
