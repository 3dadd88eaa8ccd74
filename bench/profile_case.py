"""Benchmark cases of the municipality profile (issue 12): one page in a warm process,
and every profile of Nordland in one command (start-up paid once)."""

from __future__ import annotations

import shutil
import sys
import time

#: municipalities profiled in the warm process: small, large, renumbered, without SSB values
WARM_CODES = ("1856", "4601", "3101", "1853", "1804", "5001", "0301", "1508")


def case_profile(reps: int, quick: bool) -> list:
    from bench.run import OUT, ROOT, Case, repeat, timed_run
    from gui.app import painting_app

    painting_app()
    from gui.export_profile import export_profile
    from indicators.session import Session

    out = OUT / "profiles"
    out.mkdir(parents=True, exist_ok=True)
    session = Session()
    export_profile(out / "warm-up.pdf", session, "1804")  # the first page loads geometry and fonts
    codes = iter(WARM_CODES * (reps // len(WARM_CODES) + 2))

    def one(fmt: str) -> float:
        code = next(codes)
        t = time.perf_counter()
        export_profile(out / f"{code}.{fmt}", session, code, fmt=fmt)
        return time.perf_counter() - t

    pdf = repeat(lambda: one("pdf"), reps, warmup=0)
    png = repeat(lambda: one("png"), reps, warmup=0)
    cases = [Case("profile PDF (warm)", pdf, note="one A4 kommuneprofil as PDF in a running process "
                                                  "(breakdown, ranks, trends, locator, PDF finish)"),
             Case("profile PNG 200 dpi (warm)", png, note="the same page as a 1654×2339 PNG")]
    batch_dir = out / "nordland"
    cmd = [sys.executable, "main.py", "profile", "--county", "18", "--out", str(batch_dir), "--force"]
    n = 1 if quick else max(2, reps // 3)
    batch = repeat(lambda: timed_run(cmd, cwd=ROOT), n, warmup=0)
    cases.append(Case("CLI profile --county 18 (41 PDFs)", batch,
                      note="whole process: every municipality of Nordland on the 2024 map, one PDF each"))
    shutil.rmtree(out, ignore_errors=True)
    return cases
