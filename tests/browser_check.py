"""Open a local HTML file in headless Chromium with networking disabled and report
what happened, through the DevTools protocol over a pipe (no extra packages).

Every request the page makes is recorded (``Network.requestWillBeSent``), as are failed
loads, console errors and uncaught exceptions, so a test can assert that an offline
export fetches nothing but itself. ``--remote-debugging-pipe`` is what Puppeteer uses:
Chromium reads commands from fd 3 and writes replies to fd 4, NUL-separated JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")

#: networking off: every host resolves to nothing and every proxy connection is refused
OFFLINE_FLAGS = (
    "--proxy-server=127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
)


def chromium() -> str | None:
    # Debian's /usr/bin/chromium is a shell wrapper; the binary itself starts faster
    if os.access("/usr/lib/chromium/chromium", os.X_OK) and shutil.which("chromium"):
        return "/usr/lib/chromium/chromium"
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


class _Pipe:
    def __init__(self, proc: subprocess.Popen, write_fd: int, read_fd: int):
        self.proc, self.w, self.r = proc, write_fd, read_fd
        self.buf = b""
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        return self.next_id

    def _read_one(self, deadline: float) -> dict | None:
        import select

        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.r], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.r, 1 << 20)
            if not chunk:
                return None
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30.0) -> dict:
        mid = self.send(method, params, session)
        deadline = time.monotonic() + timeout
        while True:
            msg = self._read_one(deadline)
            if msg is None:
                raise TimeoutError(f"no reply to {method}")
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_event(self, name: str, timeout: float) -> bool:
        if any(e["method"] == name for e in self.events):
            return True
        deadline = time.monotonic() + timeout
        while True:
            msg = self._read_one(deadline)
            if msg is None:
                return False
            if "method" in msg:
                self.events.append(msg)
                if msg["method"] == name:
                    return True


PAGE_REPORT_JS = """
(async () => {
  await new Promise(r => setTimeout(r, 400));
  const attrs = [];
  for (const el of document.querySelectorAll('[src],[href]')) {
    for (const a of ['src', 'href']) { if (el.hasAttribute(a)) attrs.push(el.getAttribute(a)); }
  }
  // the view as opened, before the popup below pans the map
  const map = Object.values(window).find(v => v && typeof L !== 'undefined' && v instanceof L.Map);
  const fits = !!(map && window.legekartBounds && map.getBounds().contains(window.legekartBounds));
  const sc = document.querySelector('.leaflet-control-scale');
  const r = sc ? sc.getBoundingClientRect() : null;
  const scale_inside = !!(r && r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth
                          && r.bottom <= window.innerHeight);
  const paths = document.querySelectorAll('path.leaflet-interactive');
  let popup = '';
  if (paths.length) {
    paths[0].dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: 10, clientY: 10}));
    await new Promise(r => setTimeout(r, 200));
    const p = document.querySelector('.leaflet-popup-content');
    popup = p ? p.innerHTML : '';
  }
  const legend = document.querySelector('.lk-legend');
  const rank_rows = document.querySelectorAll('.lk-rank .r').length;
  return JSON.stringify({paths: paths.length, attrs: attrs, popup: popup, fits: fits, scale_inside: scale_inside,
                         rank_rows: rank_rows, rank: (document.querySelector('.lk-rank') || {}).textContent || '',
                         legend: legend ? legend.textContent : '', title: document.title,
                         scripts_run: typeof L !== 'undefined'});
})()
"""


def open_offline(html_file: str | Path, timeout: float = 60.0) -> dict:
    """Load ``html_file`` offline in headless Chromium; return requests, failures, errors and DOM facts."""
    exe = chromium()
    if exe is None:
        raise FileNotFoundError("chromium not installed")
    url = Path(html_file).resolve().as_uri()
    import fcntl

    to_chrome_r, to_chrome_w = os.pipe()
    from_chrome_r, from_chrome_w = os.pipe()
    # the child's ends, parked on high close-on-exec fds so dup2 onto 3 and 4 cannot clobber them
    child_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD_CLOEXEC, 64)
    child_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD_CLOEXEC, 64)
    os.close(to_chrome_r)
    os.close(from_chrome_w)

    def wire_fds() -> None:  # in the child, before exec: fd 3 reads our commands, fd 4 writes replies
        os.dup2(child_r, 3)  # dup2 clears close-on-exec, so only 3 and 4 reach Chromium
        os.dup2(child_w, 4)

    with tempfile.TemporaryDirectory() as profile:
        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                f"--user-data-dir={profile}", *OFFLINE_FLAGS, "about:blank"]
        # close_fds=False: Python's own fds are close-on-exec anyway; 3 and 4 must survive exec
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, close_fds=False, preexec_fn=wire_fds)
        os.close(child_r)
        os.close(child_w)
        pipe = _Pipe(proc, to_chrome_w, from_chrome_r)
        try:
            target = pipe.call("Target.createTarget", {"url": "about:blank"}, timeout=timeout)["targetId"]
            session = pipe.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Network", "Page", "Runtime", "Log"):
                pipe.call(f"{domain}.enable", session=session)
            pipe.call("Page.navigate", {"url": url}, session=session)
            loaded = pipe.wait_event("Page.loadEventFired", timeout)
            result = pipe.call("Runtime.evaluate", {"expression": PAGE_REPORT_JS, "awaitPromise": True,
                                                    "returnByValue": True}, session=session, timeout=timeout)
            page = json.loads(result.get("result", {}).get("value") or "{}")
            try:
                pipe.call("Browser.close", timeout=5)
            except (TimeoutError, RuntimeError, OSError):
                pass
        finally:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            os.close(to_chrome_w)
            os.close(from_chrome_r)
    ev = pipe.events
    return {
        "loaded": loaded,
        "requests": [e["params"]["request"]["url"] for e in ev if e["method"] == "Network.requestWillBeSent"],
        "failed": [e["params"] for e in ev if e["method"] == "Network.loadingFailed"],
        "console_errors": [e["params"] for e in ev
                           if (e["method"] == "Runtime.consoleAPICalled" and e["params"].get("type") == "error")
                           or (e["method"] == "Log.entryAdded" and e["params"]["entry"].get("level") == "error")],
        "exceptions": [e["params"] for e in ev if e["method"] == "Runtime.exceptionThrown"],
        **page,
    }
