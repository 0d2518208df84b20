"""Imported first by each benchmark: this checkout's lintgoals is the one measured,
in the benchmark's process and in the processes it starts, whether or not the
package is installed in the Python that runs it (`python benchmarks/corpus.py`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

sys.path.insert(0, str(ROOT))
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
