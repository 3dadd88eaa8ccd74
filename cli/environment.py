"""The process set-up every Legekart start shares (imported by :mod:`cli.main` before anything else).

Legekart's numbers need no parallel linear algebra, and starting OpenBLAS' worker
threads when numpy is imported cost 20–60 ms of every start (paired runs of the
A4 export and of ``import numpy`` on a 2-CPU machine). One thread, unless the user
chose otherwise in the environment.

The code :mod:`dataclasses` generates for every class is compiled once per user cache, not in
every process (:func:`geo.code_memo.remember_dataclass_code`): ~18 ms of each start.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from geo.code_memo import remember_dataclass_code  # noqa: E402  (after the environment it reads)

remember_dataclass_code()
