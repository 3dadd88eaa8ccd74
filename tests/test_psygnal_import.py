"""psygnal is imported without importlib.metadata, and is the same psygnal (indicators/psygnal_import.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _fresh(code: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_view_model_imports_psygnal_without_importlib_metadata_and_still_emits():
    seen = _fresh("""
import json, sys
from indicators.session import Session
from indicators.view_model import ViewModel
loaded = "importlib.metadata" in sys.modules
got = []
model = ViewModel(Session())
model.changed.connect(got.append)
model.set_level("fylke")
import psygnal, importlib.metadata
print(json.dumps({"loaded": loaded, "version": psygnal.__version__,
                  "real": importlib.metadata.version("psygnal"), "changed": sorted(got[0]) if got else None,
                  "real_module": hasattr(sys.modules["importlib.metadata"], "__file__")}))
""")
    assert seen["loaded"] is False
    assert seen["version"] == seen["real"] != "0.0.0"
    assert seen["changed"] is not None and "level" in seen["changed"]
    assert seen["real_module"]  # the stand-in left sys.modules: a later import gets the real module


def test_the_stand_in_answers_other_names_with_the_real_module():
    seen = _fresh("""
import json, sys
from indicators.deferred_import import deferred
from indicators.psygnal_import import answers
with deferred("importlib.metadata", provided=answers("psygnal", "9.9")):
    from importlib.metadata import version
    ours, numpy = version("psygnal"), version("numpy")
print(json.dumps({"ours": ours, "numpy": numpy, "real": hasattr(sys.modules["importlib.metadata"], "__file__")}))
""")
    import importlib.metadata

    assert seen == {"ours": "9.9", "numpy": importlib.metadata.version("numpy"), "real": True}


def test_a_package_without_its_own_dist_info_folder_has_no_installed_version():
    from indicators.deferred_import import installed_version

    assert installed_version("indicators") is None  # a source checkout, not an installed distribution
    assert installed_version("no_such_package_here") is None
    import importlib.metadata

    assert installed_version("psygnal") == importlib.metadata.version("psygnal")
