"""Run one hostile case in its own process with bounded CPU time and memory.

The contract of issue 17: every bad input ends within 20 s of CPU and 1 GB of memory
(``resource.setrlimit`` in the child). Starting Python and importing pandas and
geopandas costs more than most cases, so the children are forked from a server
that has imported them once (``multiprocessing``'s forkserver, a fresh interpreter,
not the pytest process); each case is still its own process with its own limits,
and a handful of cases run through the real ``python main.py`` as well.
A wall-clock guard (well above the CPU limit) only catches a process that blocks.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

CPU_SECONDS = 20
MEMORY_BYTES = 1 << 30
#: only for a child that blocks without using CPU (a named pipe): far above any real case
HANG_GUARD = 90
PARALLEL = 2
ROOT = Path(__file__).resolve().parent.parent
PRELOAD = ["cli.main", "cli.commands", "cli.cmd_import", "cli.cmd_open", "cli.cmd_export", "indicators.importer",
           "indicators.project_file", "indicators.importer.boundaries", "geo.boundary_crs", "geopandas", "openpyxl"]

_context = None


@dataclass
class Outcome:
    code: int | None  # exit status; None when the guard had to kill it
    out: str = ""
    err: str = ""
    lines: list[str] = field(default_factory=list)

    @property
    def one_line_refusal(self) -> bool:
        return self.code == 2 and 1 <= len(self.lines) <= 2 and self.out.strip() == ""

    @property
    def raw(self) -> bool:
        """Did anything look like an unhandled exception?"""
        text = self.out + self.err
        return "Traceback" in text or "internal error" in text


def limit(fsize: int | None = None) -> None:
    """In the child: the issue's bounds (and optionally a file-size limit standing in for a full disk)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
    if fsize is not None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))


def _boundary(path: str) -> int:
    """What the boundary dialog does with a file, on the command line's terms."""
    from indicators.importer.boundaries import BoundaryImportError, load_boundary_layer

    try:
        layer = load_boundary_layer(path)
    except BoundaryImportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(f"nb: {exc.message('nb')}", file=sys.stderr)
        return 2
    import json

    print(json.dumps({"units": len(layer.frame), "report": layer.report}, default=str))
    return 0


def _child(kind: str, payload, out_path: str, err_path: str, fsize: int | None) -> None:
    code = 3
    try:
        limit(fsize)
        for fd, path in ((1, out_path), (2, err_path)):
            f = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(f, fd)
            os.close(f)
        if kind == "cli":
            from cli.main import main

            code = main(list(payload))
        elif kind == "boundary":
            code = _boundary(payload)
        elif kind == "call":
            module, name, args = payload
            import importlib

            code = int(getattr(importlib.import_module(module), name)(*args) or 0)
    except BaseException as exc:  # noqa: BLE001 - the test reports it as a raw error
        import traceback

        traceback.print_exception(exc)
        code = 3
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
            # the exit status as the child knew it: the forkserver sometimes loses it
            # (multiprocessing then reports 255 although the child exited with 2)
            with open(out_path + ".code", "w") as f:
                f.write(str(code))
        finally:
            os._exit(code)


def context():
    global _context
    if _context is None:
        _context = mp.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def run(kind: str, payload, workdir: Path, fsize: int | None = None) -> Outcome:
    """One case in a forked child (``kind`` 'cli': argv for main.py; 'boundary': a path; 'call')."""
    workdir.mkdir(parents=True, exist_ok=True)
    n = len(list(workdir.glob("*.out")))
    out, err = workdir / f"{n}.out", workdir / f"{n}.err"
    p = context().Process(target=_child, args=(kind, payload, str(out), str(err), fsize))
    p.start()
    p.join(HANG_GUARD)
    if p.is_alive():
        p.kill()
        p.join()
        return Outcome(None, "", "killed: still running after the hang guard")
    return _outcome(_exit_code(out, p.exitcode), _text(out), _text(err))


def _exit_code(out: Path, reported: int | None) -> int | None:
    """The code the child wrote before exiting; the process's own status when it could not
    write it (killed by a limit)."""
    try:
        return int(Path(str(out) + ".code").read_text())
    except (OSError, ValueError):
        return reported


def _text(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except FileNotFoundError:  # the child died before it could open its output
        return ""


def run_many(cases: dict[str, tuple[str, object]], workdir: Path) -> dict[str, Outcome]:
    """Several cases, ``PARALLEL`` at a time (the machine has two cores)."""
    with ThreadPoolExecutor(PARALLEL) as pool:
        futures = {name: pool.submit(run, kind, payload, workdir / name) for name, (kind, payload) in cases.items()}
        return {name: f.result() for name, f in futures.items()}


def run_main(args: list[str], fsize: int | None = None) -> Outcome:
    """The real entry point, ``python main.py …``, under the same limits."""
    try:
        r = subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT, capture_output=True,
                           text=True, timeout=HANG_GUARD, preexec_fn=lambda: limit(fsize), stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return Outcome(None, "", "killed: still running after the hang guard")
    return _outcome(r.returncode, r.stdout, r.stderr)


def _outcome(code: int, out: str, err: str) -> Outcome:
    return Outcome(code, out, err, [ln for ln in err.splitlines() if ln.strip()])
