"""What the figures were measured on: hardware, load, software versions and the commit.

Why the load average twice: a benchmark on a shared 2-core machine is only as good as
the quiet around it. Printing the load before and after lets a reader discount a run
that shared the CPU with something else, instead of trusting its numbers blindly.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path

from build_tools.devtools.local_browser import CHROMIUM

__all__ = ["Machine", "describe", "cpu_model", "memory_gb", "os_name", "chromium_version", "git_commit", "load_average"]


@dataclass(frozen=True)
class Machine:
    """The machine and software one benchmark run used."""

    cpu: str
    cores: int
    memory_gb: float
    os: str
    python: str
    chromium: str
    pyodide: str
    playwright: str
    mkdocs: str
    commit: str
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float] | None = None

    def finished(self) -> "Machine":
        """The same machine with the load average at the end of the run filled in."""
        return replace(self, load_after=load_average())


def describe(repo: Path, chromium: str = str(CHROMIUM)) -> Machine:
    """Everything about this machine worth printing next to a figure (taken at the start of a run)."""
    from build_tools.site import vendor

    return Machine(
        cpu=cpu_model(),
        cores=os.cpu_count() or 0,
        memory_gb=memory_gb(),
        os=os_name(),
        python=f"{platform.python_implementation()} {platform.python_version()}",
        chromium=chromium_version(chromium),
        pyodide=vendor.PYODIDE.version,
        playwright=_package_version("playwright"),
        mkdocs=f"mkdocs {_package_version('mkdocs')}, mkdocs-material {_package_version('mkdocs-material')}",
        commit=git_commit(repo),
        load_before=load_average(),
    )


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The CPU's marketing name (``model name`` on x86, ``Hardware``/``Model`` elsewhere)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or platform.machine() or "unknown"
    for key in ("model name", "Hardware", "Model", "cpu model"):
        match = re.search(rf"^{key}\s*:\s*(.+)$", text, re.MULTILINE)
        if match:
            return match.group(1).strip()
    return platform.machine() or "unknown"


def memory_gb(meminfo: Path = Path("/proc/meminfo")) -> float:
    """Total RAM in GB (0 when unknown)."""
    try:
        match = re.search(r"^MemTotal:\s*(\d+)\s*kB", meminfo.read_text(encoding="utf-8"), re.MULTILINE)
    except OSError:
        return 0.0
    return round(int(match.group(1)) / 1024**2, 1) if match else 0.0


def os_name(os_release: Path = Path("/etc/os-release")) -> str:
    """``Debian GNU/Linux 12 (bookworm), Linux 6.1.0`` or the closest thing available."""
    pretty = ""
    try:
        match = re.search(r'^PRETTY_NAME="?([^"\n]+)"?$', os_release.read_text(encoding="utf-8"), re.MULTILINE)
        pretty = match.group(1) if match else ""
    except OSError:
        pass
    kernel = f"{platform.system()} {platform.release()}"
    return f"{pretty}, {kernel}" if pretty else kernel


def chromium_version(executable: str) -> str:
    """``Chromium 156.0.8078.79 …`` as the browser prints it, or why it could not be asked."""
    try:
        done = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc.__class__.__name__})"
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "unknown"


def git_commit(repo: Path) -> str:
    """The commit checked out, with ``+ uncommitted changes`` when the work tree differs from it.

    BENCHMARKS.md itself does not count: every run rewrites it, so a second run would
    otherwise always describe its commit as changed.
    """
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, timeout=30, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    try:
        commit = git("rev-parse", "--short=12", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)BENCHMARKS.md"))
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    if not commit:
        return "unknown"
    return f"{commit} + uncommitted changes" if dirty else commit


def load_average() -> tuple[float, float, float]:
    """The 1, 5 and 15 minute load averages (zeros where the OS has none)."""
    try:
        one, five, fifteen = os.getloadavg()
    except (AttributeError, OSError):
        return (0.0, 0.0, 0.0)
    return (round(one, 2), round(five, 2), round(fifteen, 2))


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


if __name__ == "__main__":  # pragma: no cover - a quick look: python -m build_tools.devtools.benchmark.machine
    print(describe(Path(__file__).resolve().parents[3]), file=sys.stdout)
