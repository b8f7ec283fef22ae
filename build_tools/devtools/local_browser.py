"""What every local browser run needs: Debian's Chromium with this machine's flags, and a
static server for a built site with the MIME types Pyodide insists on.

Shared by the tests (``tests/conftest.py``), the benchmark and the diagram renderer, so
the three drive the same browser the same way.

Why the MIME map: Pyodide hangs forever on a ``.wasm`` not served as ``application/wasm``,
and a module worker refuses ``.mjs`` not served as JavaScript.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from build_tools.site import compress

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "GzipStaticHandler", "StaticHandler", "free_port", "serve_static"]

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium (``apt-get install chromium``); Playwright's own download never works here."""

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Launch flags: root in a container (no sandbox), no GPU, and no traffic to Google's services."""


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with Pyodide's MIME types, and no request log on stderr."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".zip": "application/zip",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class GzipStaticHandler(StaticHandler):
    """Like a host set up for precompressed files: a file's ``.gz`` copy (build_tools.site.compress) to a
    client that accepts gzip, with ``Content-Encoding: gzip``. The benchmark counts bytes through it."""

    def send_head(self):  # noqa: ANN201 - stdlib signature
        path = Path(self.translate_path(self.path))
        copy, encoding = compress.variant_for(path, self.headers.get("Accept-Encoding"))
        if encoding is None or path.suffix == ".gz" or not path.is_file():
            return super().send_head()
        data = copy.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(data)


class QuietServer(http.server.ThreadingHTTPServer):
    """A threading server that does not print a traceback when the browser drops a download it no
    longer wants (a closed page, a test that cut a file short): that is the browser's right."""

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve_static(folder: Path, port: int = 0, handler: type[StaticHandler] = StaticHandler) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1:`port` (0: any free port) from a thread; yields the base URL.

    `handler` may be a subclass of :class:`StaticHandler` (a test that records requests).
    """
    server = QuietServer(("127.0.0.1", port), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name=f"static-{folder.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
