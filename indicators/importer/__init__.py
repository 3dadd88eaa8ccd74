"""Import planners' own tables (CSV, XLSX, ODS) as session indicators.

Headless on purpose: the GUI dialog, the command line and the tests drive the
same steps — :func:`read_table` → :func:`guess_plan` → :func:`analyse` (a match
report, nothing changed) → :func:`apply_import` (the only step that touches the
session).

The names are loaded on first use (PEP 562): reading a CSV and guessing its
mapping need no pandas, and importing this package must not load it for them. No
submodule bears a public name (``analyse`` lives in ``analysis.py``): importing a submodule
sets the package attribute of its name, which would hide the function.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indicators.importer.analysis import Analysis, analyse
    from indicators.importer.apply import apply_import, build, import_file, summarise
    from indicators.importer.errors import ImportCancelled, ImportFailure
    from indicators.importer.plan import ImportPlan, ValueSpec, guess_plan
    from indicators.importer.reader import list_sheets, read_table
    from indicators.importer.report import MatchReport, write_unmatched_csv
    from indicators.importer.table import ParsedTable

#: public name -> the module that defines it
_WHERE = {
    "Analysis": "analysis", "analyse": "analysis",
    "apply_import": "apply", "build": "apply", "import_file": "apply", "summarise": "apply",
    "ImportCancelled": "errors", "ImportFailure": "errors",
    "ImportPlan": "plan", "ValueSpec": "plan", "guess_plan": "plan",
    "list_sheets": "reader", "read_table": "reader",
    "MatchReport": "report", "write_unmatched_csv": "report",
    "ParsedTable": "table",
}

__all__ = [
    "Analysis", "ImportCancelled", "ImportFailure", "ImportPlan", "MatchReport", "ParsedTable", "ValueSpec",
    "analyse", "apply_import", "build", "guess_plan", "import_file", "list_sheets", "read_table",
    "summarise", "write_unmatched_csv",
]


def __getattr__(name: str) -> object:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{where}"), name)
    globals()[name] = value
    return value
