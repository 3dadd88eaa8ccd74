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
