"""An afternoon's work survives a killed process: real processes, SIGKILL, restart."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

WORK = r'''
import os, signal, sys
sys.path.insert(0, {root!r})
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings
from gui.app import application
from gui import recovery
from gui.main_window import MainWindow
from indicators.importer import import_file
app = application()
w = MainWindow(settings=QSettings({ini!r}, QSettings.IniFormat), restore=False)
w.show()
recovery.install(w)
ids, _, _ = import_file(w.session, {csv!r})           # the planner imports her own table
w.undo_stack.push(w._before_session_change("import"))
w.after_session_change(ids[0])                      # -> autosave after the import
w.select_unit("kommune", "1841")
w.session.scenarios["fastleger"] = {{"hours": 45.0}}  # a scenario in the projection panel
w.view.labels = True
w.autosave()                                        # the periodic autosave
print(json.dumps({{"indicator": ids[0]}}), flush=True)
os.kill(os.getpid(), signal.SIGKILL)                # the machine dies
'''.replace("print(json", "import json\nprint(json")

RESTART = r'''
import json, os, sys
sys.path.insert(0, {root!r})
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from gui.app import application
from gui import recovery
from gui.main_window import MainWindow
asked = []
QMessageBox.question = lambda *a, **k: asked.append(a[2]) or QMessageBox.Yes
app = application()
w = MainWindow(settings=QSettings({ini!r}, QSettings.IniFormat), restore=False)
w.show()
recovery.install(w)
f = w.doc.frame.frame
print(json.dumps({{"asked": asked, "indicator": w.view.indicator, "selection": w.view.selection,
                   "labels": w.view.labels, "scenarios": w.session.scenarios,
                   "values": int(f["value"].notna().sum()), "fauske": w.breakdown.current.unit.name}}))
w.close()
'''


def test_killed_app_restores_everything(tmp_path):
    csv = tmp_path / "mine.csv"
    csv.write_text("Kommune;Ventetid (dager)\nFauske;12\nBodø;9\n1806;14\nKárášjohka;21\n", encoding="utf-8")
    env = dict(os.environ, LEGEKART_STATE_DIR=str(tmp_path / "state"), QT_QPA_PLATFORM="offscreen")
    ini = str(tmp_path / "s.ini")
    first = subprocess.run([sys.executable, "-c", WORK.format(root=str(ROOT), ini=ini, csv=str(csv))],
                           capture_output=True, text=True, env=env, timeout=180)
    assert first.returncode == -9, first.stderr[-1500:]  # killed, not a clean exit
    indicator = json.loads(first.stdout.strip().splitlines()[-1])["indicator"]
    second = subprocess.run([sys.executable, "-c", RESTART.format(root=str(ROOT), ini=ini)],
                            capture_output=True, text=True, env=env, timeout=180)
    assert second.returncode == 0, second.stderr[-1500:]
    state = json.loads(second.stdout.strip().splitlines()[-1])
    assert state["asked"] and "ikke avsluttet normalt" in state["asked"][0]
    assert state["indicator"] == indicator and state["selection"] == "1841" and state["labels"] is True
    assert state["scenarios"] == {"fastleger": {"hours": 45.0}}
    assert state["values"] == 4 and state["fauske"].startswith("Fauske")
