"""The grader's Pyodide memory snapshot, made at build time and shipped with the site.

Why: starting CPython takes ~3 s on a first visit; restoring a heap saved after the
checker was imported takes ~0.3 s (plus ~6 MB on the wire). Browsers make such a heap
themselves after a first visit (``grader-snapshot.mjs``); shipping one makes the first
visit fast too. ``make_snapshot.mjs`` makes it in Node with the site's own glue
(``grader-core.mjs``), Pyodide and checker bundle, and a neutral environment.

The file is named by a hash of everything that goes into it (Pyodide's loader, which
carries its build id; the checker bundle; the glue and the maker), so it never meets
another runtime or checker, may be cached for ever, and is kept in the vendor cache:
a rebuild with the same inputs does not start Node again. In the browser, any problem
with it (missing, truncated, another build's) means a normal start
(``grader-worker.mjs``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MAKER", "SnapshotError", "ShippedSnapshot", "snapshot_key", "shipped_snapshot"]

MAKER = Path(__file__).with_name("make_snapshot.mjs")
COURSE_STATIC = Path(__file__).with_name("static") / "course"
INPUTS = (COURSE_STATIC / "grader-core.mjs", COURSE_STATIC / "grader-snapshot.mjs", MAKER)
"""The build's own files a snapshot depends on (besides Pyodide and the checker bundle)."""
SITE_PATH = "assets/checker/grader.{key}.svcs.gz"
"""Where the snapshot goes in the built site (beside the checker bundle)."""
TIMEOUT_S = 180


class SnapshotError(RuntimeError):
    """The snapshot could not be made (the message says why; the site still works without it)."""


@dataclass(frozen=True)
class ShippedSnapshot:
    """A snapshot for the site: its path in the site and its bytes (gzip of the packed heap)."""

    path: str
    data: bytes
    made: dict | None
    """What the maker reported, or None when it came from the cache."""


def snapshot_key(pyodide_dir: Path, bundle: bytes) -> str:
    """12 hex digits of the SHA-256 of every input of the snapshot."""
    digest = hashlib.sha256()
    for part in [(pyodide_dir / "pyodide.mjs").read_bytes(), bundle, *(path.read_bytes() for path in INPUTS)]:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:12]


def shipped_snapshot(pyodide_dir: Path, bundle: bytes, cache: Path, node: str = "node") -> ShippedSnapshot:
    """The snapshot for this runtime and bundle: from `cache`, or made with Node and stored there."""
    key = snapshot_key(pyodide_dir, bundle)
    path = SITE_PATH.format(key=key)
    stored = cache / "snapshots" / Path(path).name
    if stored.is_file():
        return ShippedSnapshot(path, stored.read_bytes(), None)
    if shutil.which(node) is None:
        raise SnapshotError(f"没有找到 Node.js（{node}）：构建时做不了判分引擎的内存快照。")
    stored.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="svc-snapshot-") as tmp:
        zip_path, out = Path(tmp) / "checker.zip", Path(tmp) / "snapshot.svcs.gz"
        zip_path.write_bytes(bundle)
        command = [node, str(MAKER), str(pyodide_dir), str(zip_path), str(COURSE_STATIC), str(out)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, cwd=tmp,
                                  env={"PATH": os.environ.get("PATH", "")})
        except subprocess.TimeoutExpired:
            raise SnapshotError(f"做内存快照超过 {TIMEOUT_S} 秒，已放弃。") from None
        if done.returncode != 0 or not out.is_file():
            tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-6:])
            raise SnapshotError(f"做内存快照失败（Node 退出码 {done.returncode}）：\n{tail}")
        data = out.read_bytes()
        partial = stored.with_suffix(".partial")
        partial.write_bytes(data)
        partial.replace(stored)  # whole or not at all: a parallel build never reads half a file
    made = json.loads(done.stdout.strip().splitlines()[-1])
    return ShippedSnapshot(path, data, made)
