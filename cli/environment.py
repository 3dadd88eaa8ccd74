"""The process set-up every Legekart start shares (imported by :mod:`cli.main` before anything else).

Legekart's numbers need no parallel linear algebra, and starting OpenBLAS' worker
threads when numpy is imported cost 20–60 ms of every start (paired runs of the
A4 export and of ``import numpy`` on a 2-CPU machine). One thread, unless the user
chose otherwise in the environment.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
