"""Gzip copies of the built site (build_tools.site.compress), and the servers that send them.

A first visit is mostly the grading runtime (8.6 MB of WebAssembly): sent gzipped it is a third of
that. The build writes ``<file>.gz`` copies; ``serve`` (mkdocs serve, through the plugin's
``on_serve``) and the benchmark's server send them as a host set up for them does.
"""

from __future__ import annotations

import gzip
import random
import urllib.request
from pathlib import Path

from build_tools.devtools.local_browser import GzipStaticHandler, serve_static
from build_tools.site import compress, offline


def make_folder(root: Path) -> dict[str, bytes]:
    files = {
        "assets/pyodide/pyodide.asm.wasm": b"\0asm" + bytes(range(256)) * 400,
        "search/search_index.json": ("{\"docs\": [" + ",".join(["{\"text\": \"服务补救\"}"] * 500) + "]}").encode(),
        "assets/checker/exercises.zip": b"PK" + bytes(range(256)) * 40,     # an archive: compressed already
        "small.js": b"export const x = 1;\n",                                 # too small to be worth a copy
        "noise.css": random.Random(1).randbytes(5000),                         # gzip would not shrink it enough
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return files


def test_copies_are_written_where_they_pay_and_hold_the_same_bytes(tmp_path):
    files = make_folder(tmp_path)
    assert compress.precompress(tmp_path, cache=tmp_path / "cache") == 2
    copies = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.gz") if "cache" not in p.parts)
    assert copies == ["assets/pyodide/pyodide.asm.wasm.gz", "search/search_index.json.gz"]
    for copy in copies:
        assert gzip.decompress((tmp_path / copy).read_bytes()) == files[copy[:-3]], copy
    cached = list((tmp_path / "cache").iterdir())
    assert len(cached) == 3  # every content gzipped once (noise.css too): the next build reads them instead
    assert compress.is_copy(tmp_path / copies[0]) and not compress.is_copy(tmp_path / "assets/checker/exercises.zip")


def test_a_client_gets_the_copy_only_if_it_accepts_gzip():
    there = lambda path: True  # noqa: E731
    cases = {"gzip, deflate, br": "gzip", "br;q=1.0, gzip;q=0.5": "gzip", "gzip;q=0": None, "br": None, "": None, None: None}
    got = {header: compress.variant_for(Path("a.wasm"), header, exists=there)[1] for header in cases}
    assert got == cases


def test_the_servers_send_the_copy_with_its_encoding_and_the_original_type(tmp_path):
    files = make_folder(tmp_path)
    compress.precompress(tmp_path, cache=None)
    wasm = files["assets/pyodide/pyodide.asm.wasm"]

    def get(url: str, accept: str | None) -> tuple[str | None, str | None, bytes]:
        request = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
        with urllib.request.urlopen(request) as response:
            body = response.read()
            return response.headers.get("Content-Encoding"), response.headers.get("Content-Type"), body

    with serve_static(tmp_path, handler=GzipStaticHandler) as base:
        encoding, kind, body = get(base + "assets/pyodide/pyodide.asm.wasm", "gzip")
        assert (encoding, kind, gzip.decompress(body)) == ("gzip", "application/wasm", wasm)
        assert get(base + "assets/pyodide/pyodide.asm.wasm", None) == (None, "application/wasm", wasm)

    def app(environ, start_response):  # what mkdocs' live-reload server answers: the file itself
        path = tmp_path / environ["PATH_INFO"].lstrip("/")
        if not path.is_file():
            start_response("404 Not Found", [])
            return [b""]
        start_response("200 OK", [("Content-Type", "x/original")])
        return [path.read_bytes()]

    served = compress.with_gzip_copies(app, str(tmp_path))
    for path, accept, expected in [("/assets/pyodide/pyodide.asm.wasm", "gzip", "gzip"), ("/assets/pyodide/pyodide.asm.wasm", "br", None),
                                   ("/small.js", "gzip", None), ("/missing.wasm", "gzip", None)]:
        answer: list = []
        body = b"".join(served({"PATH_INFO": path, "HTTP_ACCEPT_ENCODING": accept}, lambda s, h, e=None: answer.append((s, dict(h)))))
        status, headers = answer[-1]
        assert headers.get("Content-Encoding") == expected, path
        if expected:
            assert headers["Content-Type"] == "application/wasm" and gzip.decompress(body) == wasm, path


def test_the_built_site_has_copies_of_the_runtime_and_the_offline_worker_ignores_them(built_site):
    site = built_site.root
    for name in ("assets/pyodide/pyodide.asm.wasm", "assets/pyodide/pyodide.asm.js", "search/search_index.json"):
        copy = site / (name + ".gz")
        assert copy.is_file() and copy.stat().st_size * 2 < (site / name).stat().st_size, name
    worker = (site / offline.WORKER).read_text(encoding="utf-8")
    assert ".wasm.gz" not in worker and "pyodide.asm.wasm" in worker
