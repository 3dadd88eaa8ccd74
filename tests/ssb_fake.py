"""A stand-in for SSB's PxWebApi on 127.0.0.1, and json-stat2 documents made here from a snapshot.

The encoder is written independently of :mod:`indicators.ssb.jsonstat` (row-major
cells from id/size, status symbols for missing cells) so the decoder is tested
against the format, not against itself. Synthetic data only: values are made here
from a fixed seed and satisfy table 12005's pairs.
"""

from __future__ import annotations

import json
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from indicators.ssb.query import VARIABLES_07459, VARIABLES_12005
from indicators.ssb.snapshot import Snapshot, Variable

AGGREGATES = {"EAK": "Landet", "EKA18": "Nordland", "EKG13": "KOSTRA-gruppe 13"}


def synthetic_12005(codes: list[str], years: list[str], seed: int = 7) -> Snapshot:
    """Plausible 12005 values (pairs hold, shares 0–100) for the given codes and years."""
    values: dict[str, dict[str, dict[str, float]]] = {c: {} for c in VARIABLES_12005}
    for code in codes:
        for y in years:
            rnd = random.Random(f"{seed}-{code}-{y}")  # a cell's values do not depend on the other cells
            gps = rnd.randint(2, 60)
            without = rnd.randint(0, min(3, gps))
            patients = gps * rnd.randint(700, 1200)
            pat_without = without * rnd.randint(0, 900)
            women = rnd.randint(0, gps)
            row = {
                "KOSantallavtaler0001": gps, "KOSantallpasient0000": patients,
                "KOSantallavtaler0000": without, "KOSantallpasient0001": pat_without,
                "KOSandelpasiente0000": round(100 * pat_without / (patients + pat_without), 1),
                "KOSaapnelister0000": rnd.randint(0, gps), "KOSgjsnlisteleng0000": patients // gps,
                "KOSgjsnllkomm0000": patients // gps + rnd.randint(0, 80), "KOSantallkvinnel0000": women,
                "KOSandelkvinnele0000": round(100 * women / gps, 1), "KOSkapasitet0000": patients + 500,
                "KOSkapasitetbere0000": patients + 400, "KOSreservekapasi0000": rnd.randint(80, 120),
                "KOSkonsultpasien0000": patients * 3, "KOSkonsultlegeko0000": patients * 3,
                "KOSkonspasientpr0000": 3.1, "KOSkonslegeprper0000": 3.0, "KOSantallavtaler0002": gps + without,
            }
            for var, x in row.items():
                values[var].setdefault(code, {})[y] = float(x)
    variables = tuple(Variable(c, label, unit) for c, (label, unit) in VARIABLES_12005.items())
    return Snapshot("12005", "2026-03-15T08:00:00+00:00", "test", variables, values,
                    region_names={c: f"Kommune {c}" for c in codes})


def synthetic_07459(codes: list[str], years: list[str], seed: int = 3) -> Snapshot:
    values = {"Personer1": {c: {y: float(random.Random(f"{seed}-{c}-{y}").randint(200, 700_000)) for y in years}
                            for c in codes}}
    variables = (Variable("Personer1", *VARIABLES_07459["Personer1"]),)
    return Snapshot("07459", "2026-03-15T08:00:00+00:00", "test", variables, values)


def encode(snap: Snapshot, *, region_dim: str = "KOKkommuneregion0000", aggregates: bool = True,
           sparse: bool = False, extra_dims: dict[str, list[str]] | None = None,
           missing_symbol: str = "..") -> dict:
    """A json-stat2 dataset as SSB's API returns it (dimension order: region, variable, year)."""
    regions = sorted(snap.regions()) + (list(AGGREGATES) if aggregates else [])
    variables = [v.code for v in snap.variables]
    years = sorted({y for by_r in snap.values.values() for s in by_r.values() for y in s})
    extra = extra_dims or {}
    ids = [*extra, region_dim, "ContentsCode", "Tid"]
    sizes = [len(v) for v in extra.values()] + [len(regions), len(variables), len(years)]
    values: list[float | None] = []
    status: dict[str, str] = {}
    n_extra = 1
    for v in extra.values():
        n_extra *= len(v)
    for _ in range(n_extra):
        for r in regions:
            for var in variables:
                for y in years:
                    x = snap.values.get(var, {}).get(r, {}).get(y)
                    if x is None and r in AGGREGATES:
                        x = 1.0
                    if x is None:
                        status[str(len(values))] = missing_symbol
                    values.append(x)
    dims = {name: {"label": name, "category": {"index": {c: i for i, c in enumerate(codes)},
                                              "label": {c: c for c in codes}}} for name, codes in extra.items()}
    names = {r: snap.region_names.get(r, AGGREGATES.get(r, r)) for r in regions}
    dims[region_dim] = {"label": "region", "category": {"index": {c: i for i, c in enumerate(regions)}, "label": names}}
    dims["ContentsCode"] = {"label": "statistikkvariabel", "category": {
        "index": {c: i for i, c in enumerate(variables)},
        "label": {v.code: v.label for v in snap.variables},
        "unit": {v.code: {"base": v.unit, "decimals": 1} for v in snap.variables}}}
    dims["Tid"] = {"label": "år", "category": {"index": {y: i for i, y in enumerate(years)},
                                               "label": {y: y for y in years}}}
    doc = {"version": "2.0", "class": "dataset", "label": f"{snap.table}: test", "source": "Statistisk sentralbyrå",
           "updated": "2026-03-15T07:00:00Z", "id": ids, "size": sizes, "dimension": dims,
           "role": {"geo": [region_dim], "metric": ["ContentsCode"], "time": ["Tid"]}}
    if sparse:
        doc["value"] = {str(i): x for i, x in enumerate(values) if x is not None}
    else:
        doc["value"] = values
    doc["status"] = status
    return doc


class FakeSsb:
    """ThreadingHTTPServer on a free loopback port; ``mode`` picks the answer.

    Modes: ok (``self.doc`` as JSON), http500, truncated (Content-Length larger than the
    body), layout (another JSON object), garbage (an HTML page), slow (waits ``delay``
    seconds, at most until the server stops, then answers ok).
    """

    def __init__(self, doc: dict | None = None, mode: str = "ok", delay: float = 2.0):
        self.doc = doc
        self.mode = mode
        self.delay = delay
        self.requests: list[tuple[str, dict]] = []
        self._stop = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):  # keep the test output clean
                pass

            def do_POST(self):  # noqa: N802
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n)
                try:
                    fake.requests.append((self.path, json.loads(body)))
                except ValueError:
                    fake.requests.append((self.path, {}))
                fake.answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/v0"

    def start(self) -> FakeSsb:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()

    def _send(self, h, status: int, body: bytes, ctype: str = "application/json; charset=utf-8",
              length: int | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body) if length is None else length))
        h.end_headers()
        try:
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def answer(self, h) -> None:
        body = json.dumps(self.doc).encode("utf-8")
        if self.mode == "http500":
            self._send(h, 500, b'{"error":"Internal Server Error"}')
        elif self.mode == "truncated":
            self._send(h, 200, body[: len(body) // 2], length=len(body))
            h.close_connection = True
        elif self.mode == "layout":
            other = {"version": "2.0", "class": "dataset", "id": ["Region", "Kjonn", "ContentsCode", "Tid"],
                     "size": [1, 2, 1, 1], "dimension": {
                         "Region": {"category": {"index": {"1804": 0}}},
                         "Kjonn": {"category": {"index": {"1": 0, "2": 1}}},
                         "ContentsCode": {"category": {"index": {"Personer1": 0}}},
                         "Tid": {"category": {"index": {"2026": 0}}}}, "value": [1, 2]}
            self._send(h, 200, json.dumps(other).encode())
        elif self.mode == "garbage":
            self._send(h, 200, b"<html><body>Vedlikehold</body></html>", ctype="text/html")
        elif self.mode == "slow":
            self._stop.wait(self.delay)
            self._send(h, 200, body)
        else:
            self._send(h, 200, body)
