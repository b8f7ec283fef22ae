"""Gzip copies of the built site's text and WebAssembly files, and serving them.

Most of a first visit is the grading runtime: ``pyodide.asm.wasm`` alone is 9.6 MB, 3.5 MB
gzipped. A static host compresses on the fly only if it is set up to (and rarely WebAssembly),
so the build writes ``<file>.gz`` next to every file worth it, for hosts that serve
precompressed files (nginx ``gzip_static on``, Caddy ``precompressed``, …; the instructor
guide shows how), and the local ``serve`` and the benchmark's server send them the way such a
host does (:func:`variant_for`). Brotli would save about 15 % more; it is left to hosts that
compress themselves, since making it at the quality that pays costs ~30 s per build.

Each copy is made once per content (``~/.cache/service-course/gzip/``): the runtime files do
not change between builds, and gzipping them is most of the cost.

>>> variant_for(Path("a.wasm"), "gzip, deflate, br", exists=lambda p: p.name == "a.wasm.gz")
(PosixPath('a.wasm.gz'), 'gzip')
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import posixpath
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

__all__ = ["CACHE", "COMPRESSIBLE", "MIN_BYTES", "is_copy", "precompress", "variant_for", "with_gzip_copies"]

COMPRESSIBLE = (".wasm", ".mjs", ".js", ".json", ".css", ".html", ".svg", ".xml", ".txt", ".map")
"""Suffixes worth gzipping. Zip archives, images and the ``.svcs.gz`` snapshot are compressed already."""

MIN_BYTES = 1024
"""Smaller files are sent as they are: the saving would not pay for a second file."""

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "service-course" / "gzip"
"""Gzip copies by content hash, shared by every build on this machine."""

_LEVEL = 6
"""zlib's default: level 9 makes the 9.6 MB WebAssembly file 0.5 % smaller in 2.5 times the time."""

_GZIP_TOKEN = re.compile(r"(?:^|,)\s*gzip\s*(?:;\s*q\s*=\s*(?P<q>[0-9.]+))?\s*(?=,|$)", re.I)


def precompress(site_dir: Path, cache: Path | None = CACHE) -> int:
    """Write ``<file>.gz`` beside every compressible file of `site_dir` that gzip shrinks; returns how many.

    A copy is written only when it is smaller than the file by at least a tenth.
    """
    written = 0
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in COMPRESSIBLE or not path.is_file() or path.stat().st_size < MIN_BYTES:
            continue
        data = path.read_bytes()
        packed = _gzipped(data, cache)
        if len(packed) * 10 <= len(data) * 9:
            path.with_name(path.name + ".gz").write_bytes(packed)
            written += 1
    return written


def variant_for(path: Path, accept_encoding: str | None,
                exists: Callable[[Path], bool] = Path.is_file) -> tuple[Path, str | None]:
    """The file to send for `path` and its ``Content-Encoding``: the ``.gz`` copy when the client accepts
    gzip and the copy exists, else `path` itself and None."""
    match = _GZIP_TOKEN.search(accept_encoding or "")
    if match and (match.group("q") is None or float(match.group("q") or 0) > 0):
        copy = path.with_name(path.name + ".gz")
        if exists(copy):
            return copy, "gzip"
    return path, None


def is_copy(path: Path) -> bool:
    """Whether `path` is a gzip copy :func:`precompress` wrote (beside the file it copies)."""
    return path.suffix == ".gz" and path.with_suffix("").suffix in COMPRESSIBLE


def with_gzip_copies(app: Callable, root: str, mount_path: str = "/") -> Callable:
    """A WSGI app that answers like `app`, but sends a file's ``.gz`` copy to a client that accepts gzip.

    For ``mkdocs serve`` (the plugin's ``on_serve``): `app` still resolves the request and waits for
    a rebuild in progress; only a ``200`` for a file with a copy gets the copy's bytes instead, with
    ``Content-Encoding: gzip``. HTML is left to `app` (the live-reload script is added to it).
    """
    def serve(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
        if not path.startswith(mount_path) or path.endswith(("/", ".html")):
            return app(environ, start_response)
        relative = posixpath.normpath("/" + path[len(mount_path):]).lstrip("/")
        original = Path(root) / relative
        copy, encoding = variant_for(original, environ.get("HTTP_ACCEPT_ENCODING"))
        if encoding is None:
            return app(environ, start_response)
        answered: list[str] = []
        body = app(environ, lambda status, headers, exc_info=None: answered.append(status))
        if not answered or not answered[0].startswith("200"):
            return _replay(app, environ, start_response, body)
        getattr(body, "close", lambda: None)()
        data = copy.read_bytes()
        start_response("200 OK", [("Content-Type", _content_type(original)), ("Content-Encoding", encoding),
                                  ("Content-Length", str(len(data))), ("Vary", "Accept-Encoding")])
        return [data]

    return serve


def _replay(app: Callable, environ: dict[str, Any], start_response: Callable, body: Iterable[bytes]) -> Iterable[bytes]:
    getattr(body, "close", lambda: None)()
    return app(environ, start_response)


def _content_type(path: Path) -> str:
    if path.suffix == ".wasm":
        return "application/wasm"
    if path.suffix in (".mjs", ".js"):
        return "text/javascript"
    guess, _ = mimetypes.guess_type(path.name)
    return guess or "application/octet-stream"


def _gzipped(data: bytes, cache: Path | None) -> bytes:
    if cache is None:
        return gzip.compress(data, _LEVEL, mtime=0)
    key = cache / f"{hashlib.sha256(data).hexdigest()}.gz"
    try:
        return key.read_bytes()
    except OSError:
        pass
    packed = gzip.compress(data, _LEVEL, mtime=0)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        partial = key.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(packed)
        shutil.move(partial, key)
    except OSError:
        pass  # a read-only home: the build still works, it just gzips again next time
    return packed
