"""Pyodide releases side by side, on the same built course: which one starts the grader soonest.

Why: the pinned Pyodide decides how long a student waits on a first visit (bare start-up,
snapshot restore) and how many bytes that visit costs. Picking a release on evidence means
measuring the candidates on this machine, in one run, alternating, with everything else equal.

For each candidate the built site is copied (hard links) into ``<version>/`` under one served
folder, its ``assets/pyodide/`` replaced by that release's core files (fetched with ``npm pack``
and checked against the registry's integrity value, as :mod:`build_tools.site.vendor` does for
the pinned one) with gzip copies, and its shipped snapshot remade with that release by the
build's own maker (:func:`build_tools.site.snapshot.shipped_snapshot`). The case page and the
bare page are then measured exactly as the main browser section measures them
(:func:`.browser.measure_visits`, :func:`.browser.measure_bytes`).

Equivalence (the same grades as CPython) is not measured here: a release is only worth pinning
if ``tests/pyodide/test_equivalence.py`` passes with it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from build_tools.site import compress, snapshot, vendor

from . import browser

__all__ = ["VersionFigures", "candidate", "measure_versions", "prepare_site"]

ASM_FILES = ("pyodide.asm.mjs", "pyodide.asm.js")
"""The Emscripten glue: an ES module from 314 on, a classic script in the 0.x releases."""


@dataclass(frozen=True)
class VersionFigures:
    """One release's figures (lists hold one value per run), or why it could not be measured."""

    version: str
    bare_cold: tuple[float, ...] = ()
    case_cold: tuple[float, ...] = ()
    case_repeat: tuple[float, ...] = ()
    starts: tuple[str, ...] = ()
    """How each first visit's grader started (``snapshot``/``plain``) and what became of the snapshot."""
    first_visit_bytes: int = 0
    snapshot_gzip: int = 0
    heap_bytes: int = 0
    error: str = ""


def candidate(version: str, npm: str = "npm") -> vendor.NpmPackage:
    """The pinned package, or a release of it with the registry's integrity value and the files it has."""
    if version == vendor.PYODIDE.version:
        return vendor.PYODIDE
    done = subprocess.run([npm, "view", f"pyodide@{version}", "dist.integrity", "--json"],
                          capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0 or not done.stdout.strip():
        raise vendor.VendorError(f"pyodide@{version}：npm view 失败：{done.stderr.strip()[-300:]}")
    integrity = json.loads(done.stdout)
    asm = "pyodide.asm.js" if version.startswith("0.") else "pyodide.asm.mjs"
    files = tuple(asm if name in ASM_FILES else name for name in vendor.PYODIDE.files)
    return vendor.NpmPackage("pyodide", version, integrity, files, tarball_env="SERVICE_COURSE_UNUSED_TARBALL")


def prepare_site(built: Path, into: Path, package: vendor.NpmPackage) -> dict[str, Any]:
    """A copy of `built` at `into` running `package`'s Pyodide, with its own shipped snapshot; returns
    what the snapshot maker reported (version, build id, heap and gzip sizes)."""
    shutil.copytree(built, into, copy_function=os.link)
    runtime = into / "assets" / "pyodide"
    shutil.rmtree(runtime)
    runtime.mkdir()
    for name, path in vendor.package_files(package).items():
        shutil.copyfile(path, runtime / name)
    compress.precompress(runtime)
    checker = into / "assets" / "checker"
    (bundle,) = checker.glob("exercises.*.zip")
    (shipped,) = checker.glob("grader.*.svcs.gz")
    with tempfile.TemporaryDirectory(prefix="svc-bench-snapshots-") as cache:
        made = snapshot.shipped_snapshot(runtime, bundle.read_bytes(), Path(cache))
    shipped.unlink()  # a hard link into the original site: replaced, not written through
    shipped.write_bytes(made.data)
    return {**(made.made or {}), "gzip_bytes": len(made.data)}


def measure_versions(playwright: Any, built: Path, serve: Callable[[Path], Any], versions: list[str], runs: int,
                     case_path: str, bare_path: str, *, log: Callable[[str], None]) -> list[VersionFigures]:
    """Each release in its own copy of the site, served together; `runs` rounds, releases alternating."""
    figures: dict[str, VersionFigures] = {}
    made: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="svc-bench-versions-") as tmp:
        root = Path(tmp)
        for version in versions:
            try:
                log(f"  Pyodide {version}：准备站点副本和快照…")
                made[version] = prepare_site(built, root / version, candidate(version))
            except (vendor.VendorError, snapshot.SnapshotError, OSError, ValueError) as exc:
                figures[version] = VersionFigures(version, error=f"{exc.__class__.__name__}: {exc}")
        ready = [v for v in versions if v in made]
        with serve(root) as base_url:
            pairs: dict[str, tuple[list, list]] = {v: ([], []) for v in ready}
            for run in range(runs):
                for version in ready:
                    log(f"  Pyodide {version}：第 {run + 1}/{runs} 轮")
                    bare, case = browser.measure_visits(playwright, f"{base_url}{version}/", case_path, bare_path, 1,
                                                        snapshots=True, log=lambda _: None)
                    pairs[version][0].extend(bare)
                    pairs[version][1].extend(case)
            for version in ready:
                bare, case = pairs[version]
                page_bytes = browser.measure_bytes(playwright, f"{base_url}{version}/", case_path, case_page=True)
                figures[version] = VersionFigures(
                    version,
                    bare_cold=tuple(p.cold.ready_ms for p in bare),
                    case_cold=tuple(p.cold.ready_ms for p in case),
                    case_repeat=tuple(p.repeat.ready_ms for p in case),
                    starts=tuple(p.cold.snapshot for p in case),
                    first_visit_bytes=page_bytes.total,
                    snapshot_gzip=made[version].get("gzip_bytes", 0),
                    heap_bytes=made[version].get("heap_bytes", 0),
                )
    return [figures[v] for v in versions]
