"""Import planners' own tables (CSV, XLSX, ODS) as session indicators.

Headless on purpose: the GUI dialog, the command line and the tests drive the
same steps — :func:`read_table` → :func:`guess_plan` → :func:`analyse` (a match
report, nothing changed) → :func:`apply_import` (the only step that touches the
session).
"""

from indicators.importer.analyse import Analysis, analyse
from indicators.importer.apply import apply_import, build, import_file, summarise
from indicators.importer.errors import ImportCancelled, ImportFailure
from indicators.importer.plan import ImportPlan, ValueSpec, guess_plan
from indicators.importer.reader import list_sheets, read_table
from indicators.importer.report import MatchReport, write_unmatched_csv
from indicators.importer.table import ParsedTable

__all__ = [
    "Analysis", "ImportCancelled", "ImportFailure", "ImportPlan", "MatchReport", "ParsedTable", "ValueSpec",
    "analyse", "apply_import", "build", "guess_plan", "import_file", "list_sheets", "read_table",
    "summarise", "write_unmatched_csv",
]
