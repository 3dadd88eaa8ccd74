"""The process entry point runs the command and freezes what it made (cli.main.entry)."""

from __future__ import annotations

import gc

from cli.main import entry


def test_entry_returns_the_commands_status_and_leaves_the_objects_frozen(capsys):
    before = gc.get_freeze_count()
    try:
        assert entry(["info"]) == 0
        assert "kommune" in capsys.readouterr().out
        assert gc.get_freeze_count() > before  # shutdown's collections will not traverse them
        assert entry(["export", "--level", "nowhere"]) == 2  # a usage error keeps its status
    finally:
        gc.unfreeze()


def _blas_threads_seen(env_value: str | None) -> list[str]:
    """(OPENBLAS_NUM_THREADS once cli.main is imported, whether numpy was loaded then) in a fresh process."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if env_value is not None:
        env["OPENBLAS_NUM_THREADS"] = env_value
    code = "import os, sys, cli.main; print(os.environ['OPENBLAS_NUM_THREADS'], 'numpy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent,
                          env=env, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.split()


def test_numpy_starts_with_one_blas_thread_unless_the_user_chose():
    assert _blas_threads_seen(None) == ["1", "False"]  # set before numpy is imported
    assert _blas_threads_seen("4") == ["4", "False"]
