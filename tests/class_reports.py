"""A class report of made-up students, written as an instructor writes one: shared by the report's
own tests (tests/cases/test_class_report.py) and its browser test (tests/browser/test_report_in_browser.py)."""

from __future__ import annotations

import contextlib
import io
import time
from dataclasses import dataclass
from pathlib import Path

from build_tools.cases.cli import main
from shipped import shipped_cases
from build_tools.devtools.submissions import make_class, write_class

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ReportRun:
    """One ``cases grade --report`` run and what it left."""

    folder: Path
    files: list[Path]
    status: int
    seconds: float
    """Wall time of the command itself (loading the cases, grading, the sheets and the report)."""
    cpu_seconds: float
    """Processor time the command took: what it costs, whatever else the machine is doing."""
    output: str

    @property
    def index(self) -> Path:
        return self.folder / "report" / "index.html"


def write_class_report(folder: Path, students: int = 120) -> ReportRun:
    """`students` answers files over every case of the course, then ``cases grade ... --report``."""
    files = write_class(make_class(shipped_cases(), students=students), folder / "in")
    args = ["grade", *map(str, files), "--cases", str(ROOT / "cases"), "--out", str(folder / "grades.csv"),
            "--report", str(folder / "report")]
    out, err = io.StringIO(), io.StringIO()
    started, cpu = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(args)
    return ReportRun(folder, files, status, time.perf_counter() - started, time.process_time() - cpu,
                     out.getvalue() + err.getvalue())
