"""The grader's memory snapshot shipped with the site: present, named by its inputs, neutral."""

from __future__ import annotations

import gzip
import re
import shutil
import sys
import tempfile
from pathlib import Path

from build_tools.site import snapshot, vendor

REPO = Path(__file__).resolve().parents[2]


def _shipped(site: Path) -> Path:
    files = sorted((site / "assets" / "checker").glob("grader.*.svcs.gz"))
    assert len(files) == 1, files
    return files[0]


def test_every_case_page_names_the_snapshot_the_site_ships(built_site) -> None:
    shipped = _shipped(built_site.root)
    wrong = []
    for page in sorted((built_site.root / "cases").glob("*/index.html")):
        html = page.read_text(encoding="utf-8")
        named = set(re.findall(r'data-snapshot="(?:\.\./)*([^"]+)"', html))
        if named != {f"assets/checker/{shipped.name}"} or shipped.name not in html.split("</head>", 1)[0]:
            wrong.append(page.parent.name)
    assert wrong == []


def test_the_snapshot_is_named_by_its_inputs(built_site) -> None:
    pyodide = vendor.package_files(vendor.PYODIDE)["pyodide.mjs"].parent
    (bundle,) = (built_site.root / "assets" / "checker").glob("exercises.*.zip")
    key = snapshot.snapshot_key(pyodide, bundle.read_bytes())
    assert _shipped(built_site.root).name == f"grader.{key}.svcs.gz"
    assert snapshot.snapshot_key(pyodide, bundle.read_bytes() + b"\0") != key


def test_the_snapshot_holds_no_path_of_the_build_machine(built_site) -> None:
    """The heap is made in Node on the build machine: its program path, environment, the
    repository, the cache and the temporary folders must not end up in what students download.
    (Pyodide's own build paths, /root/repo/cpython/…, are in its wasm anyway.)"""
    heap = gzip.decompress(_shipped(built_site.root).read_bytes())
    assert len(heap) > 10_000_000
    places = {str(REPO), str(built_site.root), str(vendor.cache_dir()), tempfile.gettempdir() + "/svc-snapshot-",
              str(Path(sys.executable).parent), shutil.which("node") or "/usr/bin/node", "make_snapshot.mjs"}
    found = sorted(place for place in places if place.encode() in heap)
    assert found == []
