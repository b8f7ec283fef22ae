"""``mkdocs build`` time against the number of cases.

Why the growth ratio and not just the times: an instructor adds cases for years, and a
build that is linear in the number of cases stays usable where a quadratic one does not.
From 100 to 500 cases, linear growth is 5×; the target allows 6× for fixed costs shifting.

Sizes are built in turn within each repetition (10, 100, 500, 10, 100, 500, …), so a
burst of load on the machine hits every size alike. Wall time is the figure; the CPU
time of the build process is printed beside it because it barely moves when other
processes share the machine.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .generate import Project, make_project

__all__ = ["BuildTimes", "BuildError", "build_once", "measure_build_times"]


class BuildError(RuntimeError):
    """``mkdocs build`` failed: the measurement is void (the log says why)."""


@dataclass(frozen=True)
class BuildTimes:
    """Median build time per case count, in seconds."""

    runs: int
    wall: dict[int, float]
    cpu: dict[int, float]
    wall_range: dict[int, tuple[float, float]]

    def growth(self, small: int, large: int) -> float:
        """How many times longer the `large` build took than the `small` one (wall medians)."""
        return self.wall[large] / self.wall[small]


def build_once(project: Project, out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one strict ``mkdocs build --clean`` of `project` into `out`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--quiet", "-d", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=project.root, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise BuildError(f"{project.cases} 个案例的 mkdocs build 失败（退出码 {done.returncode}）：\n{done.stdout}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure_build_times(repo: Path, sizes: tuple[int, ...], runs: int, log: Callable[[str], None] = print) -> BuildTimes:
    """Median wall and CPU time of building `repo`'s site with each number of cases in `sizes`."""
    walls: dict[int, list[float]] = {n: [] for n in sizes}
    cpus: dict[int, list[float]] = {n: [] for n in sizes}
    with tempfile.TemporaryDirectory(prefix="svc-bench-build-") as tmp:
        projects = {n: make_project(repo, n, Path(tmp)) for n in sizes}
        for run in range(runs):
            for n in sizes:
                wall, cpu = build_once(projects[n], Path(tmp) / f"site-{n}")
                walls[n].append(wall)
                cpus[n].append(cpu)
                log(f"  构建 {n} 个案例（第 {run + 1}/{runs} 次）：{wall:.1f} s（CPU {cpu:.1f} s）")
    return BuildTimes(
        runs=runs,
        wall={n: statistics.median(v) for n, v in walls.items()},
        cpu={n: statistics.median(v) for n, v in cpus.items()},
        wall_range={n: (min(v), max(v)) for n, v in walls.items()},
    )
