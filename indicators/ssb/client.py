"""POST one query to SSB's PxWebApi and return the parsed json-stat2 document.

Standard library only (urllib): one request to ``{base}/no/table/{table}``, with a
timeout on every socket operation and on the whole read, a cap on the answer's
size, and the body read in chunks so a planner's *Avbryt* takes effect between
them. The base URL is SSB's unless ``LEGEKART_SSB_URL`` says otherwise (the tests
point it at a server on 127.0.0.1). Nothing else is sent anywhere: no telemetry,
no second host, no cookies. Every failure is one :class:`SsbError`.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import logging
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

from indicators.ssb.errors import SsbError

log = logging.getLogger(__name__)

DEFAULT_BASE = "https://data.ssb.no/api/v0"
DEFAULT_TIMEOUT = 60.0  # seconds per socket operation; SSB may take a while to build a large table
MAX_BYTES = 64 * 1024 * 1024  # table 12005 in full is about 2 MB
CHUNK = 64 * 1024
USER_AGENT = "Legekart (SSB table update)"

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


def base_url() -> str:
    return (os.environ.get("LEGEKART_SSB_URL") or DEFAULT_BASE).rstrip("/")


def default_timeout() -> float:
    """``LEGEKART_SSB_TIMEOUT`` (seconds) overrides the default, e.g. for a slow line or a test."""
    try:
        return max(0.1, float(os.environ.get("LEGEKART_SSB_TIMEOUT", "")))
    except ValueError:
        return DEFAULT_TIMEOUT


def table_url(table: str, base: str | None = None) -> str:
    return f"{(base or base_url()).rstrip('/')}/no/table/{urllib.parse.quote(table)}"


def _loopback(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _opener(url: str) -> urllib.request.OpenerDirector:
    # A planner's proxy settings are honoured for SSB; a loopback URL never goes through one.
    proxies = {} if _loopback(url) else urllib.request.getproxies()
    return urllib.request.build_opener(urllib.request.ProxyHandler(proxies))


def _reason(exc: BaseException) -> str:
    inner = getattr(exc, "reason", exc)
    if isinstance(inner, socket.gaierror):
        return "the host name could not be looked up (no network?)"
    if isinstance(inner, ConnectionRefusedError):
        return "connection refused"
    if isinstance(inner, OSError) and inner.strerror:
        return inner.strerror
    return str(inner) or type(inner).__name__


def post(table: str, query: dict, *, base: str | None = None, timeout: float | None = None,
         max_bytes: int = MAX_BYTES, progress: Progress | None = None, cancel: Cancel | None = None) -> dict:
    """POST ``query`` and return the decoded JSON object (not yet checked as json-stat2)."""
    url = table_url(table, base)
    timeout = timeout if timeout is not None else default_timeout()
    body = json.dumps(query).encode("utf-8")
    req = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "Accept": "application/json", "User-Agent": USER_AGENT,
    })
    deadline = time.monotonic() + 3 * timeout  # the whole read, not only each chunk
    log.info("POST %s (%d bytes, timeout %.1f s)", url, len(body), timeout)
    try:
        with _opener(url).open(req, timeout=timeout) as resp:
            raw = _read(resp, url, timeout, deadline, max_bytes, progress, cancel)
            ctype = resp.headers.get("Content-Type", "")
    except SsbError:
        raise
    except urllib.error.HTTPError as exc:
        raise SsbError("http", status=exc.code) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise SsbError("timeout", url=url, seconds=float(timeout)) from None
        raise SsbError("offline", url=url, reason=_reason(exc)) from None
    except TimeoutError:
        raise SsbError("timeout", url=url, seconds=float(timeout)) from None
    except http.client.IncompleteRead as exc:
        raise SsbError("truncated", detail=f"{len(exc.partial)} bytes received") from None
    except (http.client.HTTPException, ConnectionError) as exc:
        raise SsbError("truncated", detail=_reason(exc)) from None
    except OSError as exc:
        raise SsbError("offline", url=url, reason=_reason(exc)) from None
    return parse_body(raw, ctype)


def _read(resp, url: str, timeout: float, deadline: float, max_bytes: int,
          progress: Progress | None, cancel: Cancel | None) -> bytes:
    length = resp.headers.get("Content-Length")
    total = int(length) if length and length.isdigit() else 0
    if total > max_bytes:
        raise SsbError("too_large", limit=max_bytes // (1024 * 1024) or 1)
    chunks: list[bytes] = []
    n = 0
    while True:
        if cancel is not None and cancel():
            raise SsbError("cancelled")
        if time.monotonic() > deadline:
            raise SsbError("timeout", url=url, seconds=float(timeout))
        chunk = resp.read(CHUNK)
        if not chunk:
            break
        chunks.append(chunk)
        n += len(chunk)
        if n > max_bytes:
            raise SsbError("too_large", limit=max_bytes // (1024 * 1024) or 1)
        if progress is not None:
            progress(n, total)
    if total and n < total:
        raise SsbError("truncated", detail=f"{n} of {total} bytes received")
    return b"".join(chunks)


def parse_body(raw: bytes, content_type: str = "") -> dict:
    """JSON text → object; a cut-off document is 'truncated', anything else unreadable is 'garbage'."""
    if not raw.strip():
        raise SsbError("truncated", detail="empty answer")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SsbError("garbage", detail=f"not UTF-8 text at byte {exc.start}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) - 1 and text.lstrip()[:1] in "{[":
            raise SsbError("truncated", detail=f"the JSON ends early after {len(raw)} bytes") from None
        kind = content_type.split(";")[0].strip() or "unknown type"
        raise SsbError("garbage", detail=f"{kind}, line {exc.lineno}: {exc.msg}") from None
    if not isinstance(doc, dict):
        raise SsbError("layout", detail="the answer is not a JSON object")
    return doc
